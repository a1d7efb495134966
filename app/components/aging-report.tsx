import { AGING_BUCKETS, AGING_BUCKET_LABELS, type AgingAmounts } from "~/utils/aging";
import { agingHref, type AgingDetail, type AgingPage, type AgingPartyRow, type AgingReportLabels } from "~/utils/aging-report";
import { sumMoney } from "~/utils/money";
import { CalendarDate, Money } from "./data-table/cells";

const th = "px-3 py-2 font-semibold text-slate-700";
const num = "px-3 py-2 text-right tabular-nums";
const link = "text-brand-700 underline-offset-2 hover:underline";

/** The as-of date form (GET, works without JS); keeps the drill-down party. */
function AsOfForm({ pathname, page }: { pathname: string; page: AgingPage }) {
  return (
    <form method="get" action={pathname} className="flex items-end gap-3" aria-label="As of date">
      <label className="text-xs font-medium text-slate-600">
        As of
        <input type="date" name="asOf" defaultValue={page.asOf} required className="mt-1 block rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900" />
      </label>
      {page.party ? <input type="hidden" name="party" value={page.party.id} /> : null}
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
        Show
      </button>
    </form>
  );
}

function AmountCells({ amounts }: { amounts: AgingAmounts }) {
  return (
    <>
      {AGING_BUCKETS.map((bucket) => (
        <td key={bucket} className={num}>
          <Money value={amounts.buckets[bucket]} />
        </td>
      ))}
      <td className={`${num} font-medium`}>
        <Money value={amounts.total} />
      </td>
    </>
  );
}

function Section(props: { title: string; note?: string; partyLabel: string; rows: AgingPartyRow[]; totals: AgingAmounts; partyHref: (row: AgingPartyRow) => string; testId: string }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white" data-testid={props.testId}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="px-3 py-2 text-left">
          <span className="font-medium text-slate-700">{props.title}</span>
          {props.note ? <span className="ml-2 text-xs text-slate-500">{props.note}</span> : null}
        </caption>
        <thead className="bg-slate-50">
          <tr>
            <th scope="col" className={`${th} text-left`}>{props.partyLabel}</th>
            {AGING_BUCKETS.map((bucket) => (
              <th key={bucket} scope="col" className={`${th} text-right`}>{AGING_BUCKET_LABELS[bucket]}</th>
            ))}
            <th scope="col" className={`${th} text-right`}>Total</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={AGING_BUCKETS.length + 2} className="px-3 py-6 text-center text-slate-500">Nothing open.</td>
            </tr>
          ) : (
            props.rows.map((row) => (
              <tr key={row.partyId} className="hover:bg-slate-50">
                <th scope="row" className="px-3 py-2 text-left font-normal">
                  <a href={props.partyHref(row)} className={link}>{row.party}</a>
                </th>
                <AmountCells amounts={row} />
              </tr>
            ))
          )}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
          <tr>
            <th scope="row" className="px-3 py-2 text-left">Total</th>
            <AmountCells amounts={props.totals} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Documents({ documents, asOf }: { documents: AgingDetail[]; asOf: string }) {
  const cell = "px-3 py-2 text-left";
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white" data-testid="aging-documents">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="px-3 py-2 text-left font-medium text-slate-700">Open documents as of <CalendarDate value={asOf} /></caption>
        <thead className="bg-slate-50">
          <tr>
            {["Document", "Project", "Kind", "Due date"].map((label) => (
              <th key={label} scope="col" className={`${th} text-left`}>{label}</th>
            ))}
            <th scope="col" className={`${th} text-right`}>Days past due</th>
            <th scope="col" className={`${th} text-left`}>Bucket</th>
            <th scope="col" className={`${th} text-right`}>Open amount</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {documents.map((d) => (
            <tr key={`${d.documentId}:${d.isRetainage}`} className="hover:bg-slate-50">
              <td className={cell}><a href={d.href} className={link}>{d.label}</a></td>
              <td className={cell}><a href={`/projects/${d.projectId}`} className={link}>{d.project}</a></td>
              <td className={cell}>{d.isRetainage ? "Retainage" : "Open"}</td>
              <td className={cell}><CalendarDate value={d.dueDate} /></td>
              <td className={num}>{d.daysPastDue > 0 ? d.daysPastDue : "—"}</td>
              <td className={cell}>{AGING_BUCKET_LABELS[d.bucket]}</td>
              <td className={num}><Money value={d.openAmount} /></td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
          <tr>
            <th scope="row" colSpan={6} className="px-3 py-2 text-left">Total</th>
            <td className={num}><Money value={sumMoney(documents.map((d) => d.openAmount)).toFixed(2)} /></td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/**
 * An aging report page (AR or AP): as-of form, open amounts and retainage by party and bucket,
 * party rows linking to `?party=<id>` for that party's open documents, and the Excel export of
 * the same URL.
 */
export function AgingReport({ page, pathname, exportPath, labels }: { page: AgingPage; pathname: string; exportPath: string; labels: AgingReportLabels }) {
  const partyId = page.party?.id ?? null;
  const partyHref = (row: AgingPartyRow) => agingHref(pathname, page.asOf, row.partyId);
  return (
    <section className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          {page.party ? (
            <p className="text-sm text-slate-500">
              <a href={agingHref(pathname, page.asOf)} className={link}>{labels.title}: all {labels.parties}</a>
            </p>
          ) : null}
          <h1 className="text-2xl font-semibold">{page.party ? `${labels.title}: ${page.party.name ?? `no open items for this ${labels.party.toLowerCase()}`}` : labels.title}</h1>
          <p className="mt-1 text-sm text-slate-600">{labels.description}</p>
        </div>
        <div className="flex flex-wrap items-end gap-4">
          <AsOfForm pathname={pathname} page={page} />
          <a href={agingHref(exportPath, page.asOf, partyId)} className="text-sm font-medium text-brand-700 hover:underline" download>
            Export to Excel
          </a>
        </div>
      </header>
      {page.party && page.party.documents.length === 0 ? (
        <p className="text-sm text-slate-600" role="status">Nothing is open for this {labels.party.toLowerCase()} as of <CalendarDate value={page.asOf} />.</p>
      ) : null}
      <Section title={labels.open} partyLabel={labels.party} rows={page.open.rows} totals={page.open.totals} partyHref={partyHref} testId="aging-open" />
      <Section title={labels.retainage} note={labels.retainageNote} partyLabel={labels.party} rows={page.retainage.rows} totals={page.retainage.totals} partyHref={partyHref} testId="aging-retainage" />
      <p className="text-sm text-slate-700" data-testid="aging-total">
        Total open, retainage included: <span className="font-semibold tabular-nums"><Money value={page.total} /></span>
      </p>
      {page.party && page.party.documents.length > 0 ? <Documents documents={page.party.documents} asOf={page.asOf} /> : null}
    </section>
  );
}
