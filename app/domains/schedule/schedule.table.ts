import { defineTable } from "~/utils/data-table";
import { milestoneStatusOptions } from "./schedule.schema";

/**
 * A project's milestones. "Forecast" is when a milestone is expected (its baseline while it has no
 * forecast of its own); variance is in days against the baseline (positive: later). Filters: status,
 * responsible (vendor, member or text) and a date range on the forecast.
 */
export const scheduleTable = defineTable({
  id: "schedule",
  columns: [
    { key: "name", label: "Milestone", type: "text", sortable: true, linkKey: "href" },
    { key: "status", label: "Status", type: "status", sortable: true, filter: { kind: "select", options: milestoneStatusOptions } },
    { key: "baseline", label: "Baseline", type: "date", sortable: true },
    { key: "forecast", label: "Forecast", type: "date", sortable: true, filter: { kind: "dateRange" } },
    { key: "actual", label: "Actual", type: "date", sortable: true },
    { key: "variance", label: "Variance (days)", type: "number", sortable: true },
    { key: "responsible", label: "Responsible", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "predecessors", label: "Predecessors", type: "text" },
    { key: "flags", label: "Flags", type: "text" },
  ],
  defaultSort: { key: "forecast", dir: "asc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 50,
});
