import { defineTable } from "~/utils/data-table";

/**
 * The WIP schedule's columns: the page, its sort links and the Excel export. One row per active
 * project, so there is no paging; the percentages are shown with 2 decimals. "Not in totals" holds
 * a flagged row's label ("No contract", "No estimate").
 */
export const wipTable = defineTable({
  id: "wip",
  columns: [
    { key: "project", label: "Project", type: "text", sortable: true, linkKey: "href" },
    { key: "loss", label: "Projected loss", type: "text", sortable: true },
    { key: "flagLabel", label: "Not in totals", type: "text", sortable: true },
    { key: "status", label: "Status", type: "status", sortable: true },
    { key: "contractSumToDate", label: "Contract sum to date", type: "money", sortable: true, total: true },
    { key: "estimatedTotalCost", label: "Estimated total cost (EAC)", type: "money", sortable: true, total: true },
    { key: "costToDate", label: "Cost to date", type: "money", sortable: true, total: true },
    { key: "percentCompleteDisplay", label: "% complete", type: "percent", sortable: true, total: true },
    { key: "earnedRevenue", label: "Earned revenue", type: "money", sortable: true, total: true },
    { key: "billedToDate", label: "Billed to date", type: "money", sortable: true, total: true },
    { key: "overBilling", label: "Over-billing", type: "money", sortable: true, total: true },
    { key: "underBilling", label: "Under-billing", type: "money", sortable: true, total: true },
    { key: "grossProfitToDate", label: "Gross profit to date", type: "money", sortable: true, total: true },
    { key: "projectedGrossProfit", label: "Projected gross profit", type: "money", sortable: true, total: true },
    { key: "projectedMarginDisplay", label: "Projected margin", type: "percent", sortable: true, total: true },
  ],
  defaultSort: { key: "project", dir: "asc" },
  pageSizes: [1000],
  defaultPageSize: 1000,
});

/**
 * "2 projects without a contract or an estimate are not in the totals", or null when every row
 * counts: the page, the journal entry and the export's totals row say it alike.
 */
export function excludedText(count: number, from = "the totals"): string | null {
  if (count === 0) return null;
  return `${count === 1 ? "1 project" : `${count} projects`} without a contract or an estimate ${count === 1 ? "is" : "are"} not in ${from}`;
}
