import { defineTable } from "~/utils/data-table";

/** The audit log list: one definition drives the SQL, the HTML table and the Excel export. */
export const auditTable = defineTable({
  id: "audit",
  columns: [
    { key: "occurredAt", label: "Time", type: "datetime", sortable: true, filter: { kind: "dateRange" } },
    { key: "actor", label: "Who", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "action", label: "Action", type: "status", sortable: true, filter: { kind: "text" } },
    {
      key: "entityType",
      label: "Record type",
      type: "text",
      sortable: true,
      filter: { kind: "text" },
    },
    { key: "entityId", label: "Record id", type: "text", filter: { kind: "text" } },
    { key: "changes", label: "Changes", type: "text" },
    { key: "ip", label: "IP address", type: "text" },
    { key: "requestId", label: "Request id", type: "text", filter: { kind: "text" } },
  ],
  defaultSort: { key: "occurredAt", dir: "desc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 50,
});
