import { Money } from "~/components/data-table/cells";
import { FIGURES, type FigureKey, type Figures } from "./budgets.table";
import { figureHrefs, type DrillScope } from "./drill-down";
import type { CrewHours } from "~/domains/daily-logs/crew-hours";

type Line = Figures & { rowKey: string; costCodeId: string; costCode: string; costType: string; description: string };
type Division = { id: string; code: string; name: string; lineCount: number; lines: Line[] | null; subtotal: Figures };
export type DivisionToggle = (divisionId: string) => string;

// Cell styles live on the table (one class list instead of one per cell: 2,000 rows × 17 cells).
const tableStyle =
  "min-w-full text-sm [&_td]:whitespace-nowrap [&_td]:px-3 [&_td]:py-2 [&_th]:whitespace-nowrap [&_th]:px-3 [&_th]:py-2 [&_td.n]:text-right [&_td.n]:tabular-nums";

/** Decimal strings: "0.00" and "-0.00" are zero. */
const isZero = (value: string) => !/[1-9]/.test(value);

/** A figure links to the rows it sums; a zero sums nothing worth opening. */
function FigureCells({ figures, links, hours }: { figures: Figures; links: Partial<Record<FigureKey, string>>; hours?: string | null }) {
  return FIGURES.map(({ key }) => {
    const href = isZero(figures[key]) ? undefined : links[key];
    const crewHours = key === "actual" && hours !== undefined ? <td className="n" data-testid="crew-hours">{hours ?? ""}</td> : null;
    return [
      <td key={key} className="n">
        {href ? (
          <a href={href} className="hover:underline">
            <Money value={figures[key]} />
          </a>
        ) : (
          <Money value={figures[key]} />
        )}
      </td>,
      crewHours,
    ];
  });
}

/**
 * The job cost report: rows grouped by division with subtotals and a grand total (all summed in
 * SQL); every non-zero figure links to the rows it sums (drill-down.ts). A collapsed division
 * shows its subtotal only; `toggleHref` opens or closes it through the URL.
 */
export function JobCostTable(props: { projectId: string; divisions: Division[]; total: Figures; toggleHref: DivisionToggle; crewHours?: CrewHours }) {
  const { projectId, divisions, total, toggleHref, crewHours } = props;
  // Crew hours (submitted daily logs' manpower by cost code) sit right after the actual cost.
  const hoursOf = (hours: string | undefined) => (crewHours ? (hours ?? null) : undefined);
  const links = (scope: DrillScope) => figureHrefs(projectId, scope);
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className={tableStyle} data-testid="job-cost-table">
        <caption className="px-3 py-2 text-left font-medium text-slate-700">Job cost by division, cost code and cost type (negative over/under is an overrun)</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className="text-left">Cost code</th>
            <th scope="col" className="text-left">Cost type</th>
            <th scope="col" className="text-left">Description</th>
            {FIGURES.map((f) => [
              <th key={f.key} scope="col" className="text-right">{f.label}</th>,
              f.key === "actual" && crewHours ? <th key="crewHours" scope="col" className="text-right">Crew hours</th> : null,
            ])}
          </tr>
        </thead>
        {divisions.map((division) => {
          const label = `${division.code} ${division.name}`;
          const noun = division.lineCount === 1 ? "line" : "lines";
          return (
            <tbody key={division.id} className="border-t border-slate-200">
              <tr className="bg-slate-100" id={`division-${division.id}`}>
                <th scope="rowgroup" colSpan={3} className="text-left font-semibold">{label}</th>
                <td colSpan={FIGURES.length + (crewHours ? 1 : 0)}>
                  <a href={toggleHref(division.id)} className="text-xs font-medium text-brand-700 hover:underline">
                    {division.lines ? `Hide ${noun}` : `Show ${division.lineCount} ${noun}`}
                  </a>
                </td>
              </tr>
              {division.lines?.map((line) => (
                <tr key={line.rowKey} className="border-t border-slate-100">
                  <td>{line.costCode}</td>
                  <td>{line.costType}</td>
                  <td>{line.description}</td>
                  <FigureCells figures={line} links={links({ costCodeId: line.costCodeId, costCode: line.costCode, costType: line.costType })} hours={hoursOf(crewHours?.byRow[line.rowKey])} />
                </tr>
              ))}
              <tr className="border-t border-slate-300 font-semibold" data-testid="job-cost-subtotal">
                <th scope="row" colSpan={3} className="text-left">Subtotal {label}</th>
                <FigureCells figures={division.subtotal} links={links({ divisionCode: division.code, division: label })} hours={hoursOf(crewHours?.byDivision[division.id])} />
              </tr>
            </tbody>
          );
        })}
        <tfoot className="border-t-2 border-slate-400 bg-slate-50 font-semibold">
          <tr data-testid="job-cost-total">
            <th scope="row" colSpan={3} className="text-left">Total</th>
            <FigureCells figures={total} links={links("project")} hours={hoursOf(crewHours?.total)} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
