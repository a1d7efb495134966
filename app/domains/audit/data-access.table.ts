import { DATA_ACCESS_FORMAT_LABELS, DATA_ACCESS_VIEWS } from "~/utils/data-access-views";
import { defineTable } from "~/utils/data-table";

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** The data access log list: who viewed or downloaded which financial view. */
export const dataAccessTable = defineTable({
  id: "data-access",
  columns: [
    { key: "occurredAt", label: "Time", type: "datetime", sortable: true, filter: { kind: "dateRange" } },
    { key: "actor", label: "Who", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "view", label: "View", type: "text", sortable: true, filter: { kind: "select", options: options(DATA_ACCESS_VIEWS) } },
    { key: "format", label: "How", type: "status", sortable: true, filter: { kind: "select", options: options(DATA_ACCESS_FORMAT_LABELS) } },
    { key: "filters", label: "Filters", type: "text", filter: { kind: "text" } },
    { key: "rowCount", label: "Rows", type: "number", sortable: true },
    { key: "ip", label: "IP address", type: "text" },
    { key: "requestId", label: "Request id", type: "text", filter: { kind: "text" } },
  ],
  defaultSort: { key: "occurredAt", dir: "desc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 50,
});
