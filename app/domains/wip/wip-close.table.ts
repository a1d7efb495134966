import { defineTable } from "~/utils/data-table";
import { wipTable } from "./wip.table";

/** The period and year-to-date columns a closed schedule adds to the WIP schedule's. */
export const WIP_PERIOD_COLUMNS = [
  { key: "earnedRevenuePeriod", label: "Revenue earned this period", type: "money", sortable: true, total: true },
  { key: "grossProfitPeriod", label: "Gross profit this period", type: "money", sortable: true, total: true },
  { key: "earnedRevenueYtd", label: "Revenue earned year to date", type: "money", sortable: true, total: true },
  { key: "grossProfitYtd", label: "Gross profit year to date", type: "money", sortable: true, total: true },
] as const;

/** A closed WIP schedule (/wip/closes/:id and its export): the schedule's columns, then the period's. */
export const wipCloseTable = defineTable({
  ...wipTable,
  id: "wip-close",
  columns: [...wipTable.columns, ...WIP_PERIOD_COLUMNS],
});

/** The closes, newest period first, every version (the history of closes and reopens). */
export const wipClosesTable = defineTable({
  id: "wip-closes",
  columns: [
    { key: "periodEnd", label: "Period end", type: "date", linkKey: "href" },
    { key: "version", label: "Version", type: "number" },
    { key: "status", label: "Status", type: "status" },
    { key: "closedBy", label: "Closed by", type: "text" },
    { key: "closedAt", label: "Closed at", type: "datetime" },
    { key: "projects", label: "Projects", type: "number" },
    { key: "earnedRevenuePeriod", label: "Revenue earned this period", type: "money" },
    { key: "grossProfitPeriod", label: "Gross profit this period", type: "money" },
    { key: "reopenedBy", label: "Reopened by", type: "text" },
    { key: "reopenedAt", label: "Reopened at", type: "datetime" },
    { key: "reopenReason", label: "Reopen reason", type: "text" },
  ],
  defaultSort: { key: "periodEnd", dir: "desc" },
  pageSizes: [1000],
  defaultPageSize: 1000,
});
