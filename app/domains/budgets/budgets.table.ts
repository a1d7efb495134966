import { defineTable, type TableColumn } from "~/utils/data-table";

/** The DOMAIN.md "Budget / job cost" figures, in report order; shared by budget, job cost and exports. */
export const FIGURES = [
  { key: "original", label: "Original budget" },
  { key: "approvedChanges", label: "Approved changes" },
  { key: "revised", label: "Revised budget" },
  { key: "pendingChanges", label: "Pending changes" },
  { key: "projectedBudget", label: "Projected budget" },
  { key: "committed", label: "Committed" },
  { key: "directCosts", label: "Direct costs" },
  { key: "openingCost", label: "Opening cost" },
  { key: "actual", label: "Actual cost" },
  { key: "pendingCostChanges", label: "Pending cost changes" },
  { key: "projectedCost", label: "Projected cost" },
  { key: "ftc", label: "Forecast to complete" },
  { key: "eac", label: "Estimate at completion" },
  { key: "costToComplete", label: "Cost to complete" },
  { key: "overUnder", label: "Projected over/under" },
] as const;

export type FigureKey = (typeof FIGURES)[number]["key"];
/** Decimal strings with two places, e.g. "1234.50"; negatives start with "-". */
export type Figures = Record<FigureKey, string>;

/** Figures whose cell links to the rows it sums (fields added to each row by the page loader). */
const FIGURE_LINKS: Partial<Record<FigureKey, string>> = {
  approvedChanges: "approvedChangesHref",
  pendingChanges: "pendingChangesHref",
  committed: "committedHref",
  openingCost: "openingCostHref",
  pendingCostChanges: "pendingCostChangesHref",
};

const figureColumns: TableColumn[] = FIGURES.map((f) => ({
  key: f.key,
  label: f.label,
  type: "money",
  sortable: true,
  total: true,
  linkKey: FIGURE_LINKS[f.key],
}));

/**
 * The decision figures first (issue 18 §4): what a project manager reads before anything else. The
 * other figures follow in report order; the column chooser hides or reorders any of them.
 */
export const DECISION_FIGURES: FigureKey[] = ["revised", "committed", "actual", "projectedCost", "eac", "overUnder"];
const figureColumn = (key: FigureKey) => figureColumns.find((c) => c.key === key)!;
const orderedFigureColumns = [...DECISION_FIGURES.map(figureColumn), ...figureColumns.filter((c) => !DECISION_FIGURES.includes(c.key as FigureKey))];

/** The budget page: one row per cost code × cost type (budgeted or with activity). */
export const budgetTable = defineTable({
  id: "budget",
  columns: [
    { key: "costCode", label: "Cost code", type: "text", sortable: true, filter: { kind: "text" }, nowrap: true },
    { key: "costType", label: "Cost type", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "description", label: "Description", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "editHref" },
    ...orderedFigureColumns,
    { key: "division", label: "Division", type: "text", sortable: true, filter: { kind: "text" } },
    {
      key: "ftcMode",
      label: "FTC",
      type: "status",
      sortable: true,
      filter: {
        kind: "select",
        options: [
          { value: "auto", label: "Automatic" },
          { value: "manual", label: "Manual" },
          { value: "unbudgeted", label: "Unbudgeted" },
        ],
      },
    },
  ],
  defaultSort: { key: "costCode", dir: "asc" },
  pageSizes: [50, 100, 200, 500],
  defaultPageSize: 50,
});
