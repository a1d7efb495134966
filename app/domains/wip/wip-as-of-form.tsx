import { inputClass } from "~/components/forms";

/** The GET form choosing the schedule's date (no JavaScript needed); empty is now. */
export function AsOfForm({ asOf, error }: { asOf: string | null; error: string | null }) {
  return (
    <form method="get" action="/wip" className="flex flex-wrap items-end gap-3" data-testid="wip-as-of-form">
      <div>
        <label htmlFor="wip-as-of" className="block text-sm font-medium text-slate-700">
          As of (period end)
        </label>
        <input id="wip-as-of" name="asOf" type="date" defaultValue={asOf ?? ""} className={inputClass} aria-invalid={error ? true : undefined} />
      </div>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
        Show
      </button>
      {asOf ? (
        <a href="/wip" className="py-2 text-sm text-brand-700 hover:underline">
          Back to today
        </a>
      ) : null}
      {error ? (
        <p className="w-full text-sm text-red-700" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
