import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { CalendarDate } from "~/components/data-table/cells";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant } from "~/utils/db.server";
import { WipJournalTable } from "../wip-journal-table";
import { wipJournalEntry } from "../wip-journal.server";
import { ExcludedNote } from "../wip-table";

export const meta: MetaFunction = () => [{ title: "WIP journal entry · SECG ERP" }];

/** The suggested entry for the WIP schedule as it stands; no parameters. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "wip:read");
  return withTenant(member.tenant, async (tx) => {
    const entry = await wipJournalEntry(tx);
    await recordDataAccess(tx, { view: "wip_journal", format: "page", filters: { asOf: entry.asOf }, rowCount: entry.rows.length });
    return entry;
  });
}

export default function WipJournal() {
  const entry = useLoaderData<typeof loader>();
  return (
    <section className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <a href="/wip" className="text-sm text-brand-700 hover:underline">
            ← WIP schedule
          </a>
          <h1 className="mt-1 text-2xl font-semibold">WIP journal entry</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            The suggested adjusting entry for the schedule&apos;s over and under billings: an under-billed project debits costs and estimated earnings in
            excess of billings (an asset) and credits contract revenue; an over-billed one debits contract revenue and credits billings in excess of costs
            and estimated earnings (a liability).
          </p>
          <p className="mt-1 text-sm font-medium text-slate-700" data-testid="wip-journal-as-of">
            Cumulative position as of <CalendarDate value={entry.asOf} />, not net of an earlier entry: entries per period come with period closes.
          </p>
        </div>
        <a href="/wip/journal.xlsx" className="text-sm font-medium text-brand-700 hover:underline" download>
          Export to Excel
        </a>
      </header>
      <ExcludedNote count={entry.excluded} from="this entry" />
      <WipJournalTable entry={entry} />
    </section>
  );
}
