import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { CalendarDate } from "~/components/data-table/cells";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { AsOfForm } from "../wip-as-of-form";
import { readAsOf } from "../wip-as-of-query";
import { wipScheduleAsOf } from "../wip-as-of.server";
import { ExcludedNote, sortSearch, WipTable } from "../wip-table";
import { wipSchedule } from "../wip.server";
import { wipTable } from "../wip.table";

export const meta: MetaFunction = () => [{ title: "WIP schedule · SECG ERP" }];

/**
 * `?sort=<column>&dir=asc|desc`; every active or on-hold project, so no paging. `?asOf=YYYY-MM-DD`:
 * the schedule as of that day from the dated documents (docs/wip-close.md) instead of now.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "wip:read");
  const url = new URL(request.url);
  const { sort } = parseTableQuery(wipTable, url);
  const { asOf, asOfError } = readAsOf(url);
  const schedule = await withTenant(member.tenant, async (tx) => {
    const found = asOf ? await wipScheduleAsOf(tx, asOf, sort) : await wipSchedule(tx, sort);
    await recordDataAccess(tx, { view: "wip", format: "page", filters: { sort: `${sort.key} ${sort.dir}`, ...(asOf ? { asOf } : {}) }, rowCount: found.rows.length });
    return found;
  });
  return { sort, asOf, asOfError, ...schedule };
}

export default function Wip() {
  const { sort, asOf, asOfError, rows, totals, excluded } = useLoaderData<typeof loader>();
  const withAsOf = (search: string) => (asOf ? `${search}&asOf=${asOf}` : search);
  const losses = rows.filter((r) => r.isLoss).length;
  return (
    <section className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">WIP schedule</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            {asOf ? <>As of <CalendarDate value={asOf} />, from the documents dated by then: </> : ""}Every active or on-hold project by percentage of completion (cost to date ÷ estimated total cost). Billed to date is line 4 of the latest
            certified pay application. A projected loss is recognised in full at once: its gross profit to date is the whole loss. A project
            without a contract sum or an estimate is flagged, not a loss, and left out of the totals.
          </p>
        </div>
        <div className="flex gap-4">
          <a href="/wip/closes" className="text-sm font-medium text-brand-700 hover:underline">
            Month-end closes
          </a>
          <a href="/wip/journal" className="text-sm font-medium text-brand-700 hover:underline">
            Journal entry
          </a>
          <a href={`/wip/export.xlsx${withAsOf(sortSearch(sort))}`} className="text-sm font-medium text-brand-700 hover:underline" download>
            Export to Excel
          </a>
        </div>
      </header>
      <AsOfForm asOf={asOf} error={asOfError} />
      {losses > 0 ? (
        <p className="rounded-md border border-red-200 bg-red-50 px-4 py-2 text-sm text-red-800" role="status">
          {losses === 1 ? "1 project is" : `${losses} projects are`} projected to lose money.
        </p>
      ) : null}
      <ExcludedNote count={excluded} />
      <WipTable rows={rows} totals={totals} sort={sort} sortHref={(next) => `/wip${withAsOf(sortSearch(next))}`} />
    </section>
  );
}
