import { defineTable } from "~/utils/data-table";

/**
 * The WIP schedule's columns: the page, its sort links and the Excel export. One row per active
 * project, so there is no paging; the percentages are shown with 2 decimals.
 */
export const wipTable = defineTable({
  id: "wip",
  columns: [
    { key: "project", label: "Project", type: "text", sortable: true, linkKey: "href" },
    { key: "loss", label: "Projected loss", type: "text", sortable: true },
    { key: "status", label: "Status", type: "status", sortable: true },
    { key: "contractSumToDate", label: "Contract sum to date", type: "money", sortable: true, total: true },
    { key: "estimatedTotalCost", label: "Estimated total cost (EAC)", type: "money", sortable: true, total: true },
    { key: "costToDate", label: "Cost to date", type: "money", sortable: true, total: true },
    { key: "percentCompleteDisplay", label: "% complete", type: "number", sortable: true, total: true },
    { key: "earnedRevenue", label: "Earned revenue", type: "money", sortable: true, total: true },
    { key: "billedToDate", label: "Billed to date", type: "money", sortable: true, total: true },
    { key: "overBilling", label: "Over-billing", type: "money", sortable: true, total: true },
    { key: "underBilling", label: "Under-billing", type: "money", sortable: true, total: true },
    { key: "grossProfitToDate", label: "Gross profit to date", type: "money", sortable: true, total: true },
    { key: "projectedGrossProfit", label: "Projected gross profit", type: "money", sortable: true, total: true },
    { key: "projectedMarginDisplay", label: "Projected margin %", type: "number", sortable: true, total: true },
  ],
  defaultSort: { key: "project", dir: "asc" },
  pageSizes: [1000],
  defaultPageSize: 1000,
});
