import { PostForm } from "~/components/forms";

export type ViewLink = { id: string; name: string; href: string; shared: boolean; own: boolean; ownerName: string };

/**
 * The views menu of a table: the member's own and the organization's shared views (each a link to
 * its URL), and a form that saves the page as it is now (filters, sort, page size, columns).
 */
export function SavedViews({ tableId, path, search, views }: { tableId: string; path: string; search: string; views: ViewLink[] }) {
  return (
    <details key={views.map((v) => v.id).join(",")} className="relative text-sm" data-testid="saved-views">
      <summary className="cursor-pointer select-none font-medium text-brand-700 hover:underline">Views{views.length ? ` (${views.length})` : ""}</summary>
      <div className="mt-1 w-80 max-w-full space-y-3 rounded border border-slate-200 bg-white p-3 shadow-lg">
        {views.length ? (
          <ul className="space-y-1" aria-label="Saved views">
            {views.map((v) => (
              <li key={v.id}>
                <a href={v.href} className="text-brand-700 hover:underline">
                  {v.name}
                </a>
                <span className="ml-1 text-xs text-slate-500">{v.own ? (v.shared ? "shared" : "private") : `shared by ${v.ownerName}`}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-600">No saved views yet.</p>
        )}
        <PostForm action="/table-views" className="space-y-2 border-t border-slate-200 pt-2" aria-label="Save this view">
          <input type="hidden" name="intent" value="create" />
          <input type="hidden" name="tableId" value={tableId} />
          <input type="hidden" name="path" value={path} />
          <input type="hidden" name="search" value={search} />
          <label className="block text-xs font-medium text-slate-600">
            Save this view as
            <input name="name" required maxLength={80} className="mt-1 block w-full rounded border border-slate-300 px-2 py-1 text-sm" />
          </label>
          <label className="flex items-center gap-2 text-xs text-slate-700">
            <input type="checkbox" name="shared" /> Share with the organization
          </label>
          <div className="flex items-center justify-between">
            <button type="submit" className="rounded bg-brand-700 px-3 py-1 text-sm font-medium text-white hover:bg-brand-900">
              Save view
            </button>
            <a href="/table-views" className="text-brand-700 hover:underline">
              Manage views
            </a>
          </div>
        </PostForm>
      </div>
    </details>
  );
}
