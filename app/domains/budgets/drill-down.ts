/**
 * Where each budget figure drills down to: the filtered list of the rows it sums, using the
 * DataTable filter convention (`f.<key>=value`, app/utils/data-table.ts). Browser-safe.
 *
 * Filters used on the other lists (as those lists define them):
 *   commitments:   f.costCode = a cost code id (exact) or a code prefix (a division's code)
 *   change orders: f.kind = prime | commitment, f.status = approved | open (draft or pending
 *                  approval), f.costCode = a cost code id or a division's code
 *   budget:        f.costCode, f.costType, f.division (contains)
 *   openings:      f.costCode = a cost code id or a division's code, f.costType = a cost type name
 * Neither commitments nor change orders filter by cost type, so a line's link there shows every
 * cost type of its cost code. Direct and actual costs have no source rows until payables exist.
 */
import { filterParam } from "~/utils/data-table";
import type { FigureKey } from "./budgets.table";

export type DrillScope =
  | { costCodeId: string; costCode: string; costType: string }
  | { divisionCode: string; division: string }
  | "project";

type Href = Partial<Record<FigureKey, string>>;

function href(path: string, filters: Record<string, string>) {
  const params = new URLSearchParams(Object.entries(filters).map(([key, value]) => [filterParam(key), value]));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

const BUDGET_FIGURES: FigureKey[] = ["original", "revised", "projectedBudget", "projectedCost", "ftc", "eac", "costToComplete", "overUnder"];

/** The drill-down link of every figure of a row, a division subtotal or the project total. */
export function figureHrefs(projectId: string, scope: DrillScope): Href {
  const base = `/projects/${projectId}`;
  const [budgetFilter, codeFilter]: Record<string, string>[] =
    scope === "project"
      ? [{}, {}]
      : "division" in scope
        ? [{ division: scope.division }, { costCode: scope.divisionCode }]
        : [{ costCode: scope.costCode, costType: scope.costType }, { costCode: scope.costCodeId }];
  const budget = href(`${base}/budget`, budgetFilter);
  const links: Href = Object.fromEntries(BUDGET_FIGURES.map((k) => [k, budget]));
  links.approvedChanges = href(`${base}/change-orders`, { kind: "prime", status: "approved", ...codeFilter });
  links.pendingChanges = href(`${base}/change-orders`, { kind: "prime", status: "open", ...codeFilter });
  links.committed = href(`${base}/commitments`, codeFilter);
  links.pendingCostChanges = href(`${base}/change-orders`, { kind: "commitment", status: "open", ...codeFilter });
  // Opening cost filters by cost type too, so a row's link lists exactly the entries it sums.
  const typeFilter: Record<string, string> = typeof scope === "object" && "costType" in scope ? { costType: scope.costType } : {};
  links.openingCost = href(`${base}/opening-costs`, { ...codeFilter, ...typeFilter });
  return links;
}
