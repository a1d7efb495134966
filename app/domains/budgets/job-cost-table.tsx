import { Money } from "~/components/data-table/cells";
import { FIGURES, type FigureKey, type Figures } from "./budgets.table";
import { figureHrefs, type DrillScope } from "./drill-down";

type Line = Figures & { rowKey: string; costCodeId: string; costCode: string; costType: string; description: string };
type Division = { id: string; code: string; name: string; lines: Line[]; subtotal: Figures };

const cell = "px-3 py-2 whitespace-nowrap";
const num = `${cell} text-right tabular-nums`;

function FigureCells({ figures, links }: { figures: Figures; links: Partial<Record<FigureKey, string>> }) {
  return FIGURES.map(({ key }) => (
    <td key={key} className={num}>
      {links[key] ? (
        <a href={links[key]} className="underline-offset-2 hover:underline">
          <Money value={figures[key]} />
        </a>
      ) : (
        <Money value={figures[key]} />
      )}
    </td>
  ));
}

/**
 * The job cost report: rows grouped by division with subtotals and a grand total (all summed in
 * SQL); every figure links to the rows it sums (drill-down.ts).
 */
export function JobCostTable({ projectId, divisions, total }: { projectId: string; divisions: Division[]; total: Figures }) {
  const links = (scope: DrillScope) => figureHrefs(projectId, scope);
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-sm" data-testid="job-cost-table">
        <caption className="px-3 py-2 text-left font-medium text-slate-700">Job cost by division, cost code and cost type (negative over/under is an overrun)</caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={`${cell} text-left`}>Cost code</th>
            <th scope="col" className={`${cell} text-left`}>Cost type</th>
            <th scope="col" className={`${cell} text-left`}>Description</th>
            {FIGURES.map((f) => (
              <th key={f.key} scope="col" className={`${cell} text-right`}>{f.label}</th>
            ))}
          </tr>
        </thead>
        {divisions.map((division) => {
          const label = `${division.code} ${division.name}`;
          return (
            <tbody key={division.id} className="border-t border-slate-200">
              <tr className="bg-slate-100">
                <th scope="rowgroup" colSpan={3 + FIGURES.length} className={`${cell} text-left font-semibold`}>{label}</th>
              </tr>
              {division.lines.map((line) => (
                <tr key={line.rowKey} className="border-t border-slate-100 hover:bg-slate-50">
                  <td className={cell}>{line.costCode}</td>
                  <td className={cell}>{line.costType}</td>
                  <td className={cell}>{line.description}</td>
                  <FigureCells figures={line} links={links({ costCodeId: line.costCodeId, costCode: line.costCode, costType: line.costType })} />
                </tr>
              ))}
              <tr className="border-t border-slate-300 font-semibold" data-testid="job-cost-subtotal">
                <th scope="row" colSpan={3} className={`${cell} text-left`}>Subtotal {label}</th>
                <FigureCells figures={division.subtotal} links={links({ divisionCode: division.code, division: label })} />
              </tr>
            </tbody>
          );
        })}
        <tfoot className="border-t-2 border-slate-400 bg-slate-50 font-semibold">
          <tr data-testid="job-cost-total">
            <th scope="row" colSpan={3} className={`${cell} text-left`}>Total</th>
            <FigureCells figures={total} links={links("project")} />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
