import { defineTable } from "~/utils/data-table";
import { IMPORT_STATUS_LABELS } from "./import-status";

/** The status as the list shows and filters it: "parsing" reads as validating, like on the import page. */
export const IMPORT_LIST_STATUSES = Object.entries(IMPORT_STATUS_LABELS).map(([status, label]) => ({ value: status === "parsing" ? "validating" : status, label }));

/**
 * The masterfile import history (`/imports`): one definition for the SQL (imports-list.server.ts),
 * the page and the Excel export. Created and updated are what the commit wrote (empty until done);
 * rows (read) and errors (problems found) come from validation.
 */
export const importsTable = defineTable({
  id: "imports",
  columns: [
    { key: "uploadedAt", label: "Uploaded", type: "datetime", sortable: true, filter: { kind: "dateRange" } },
    { key: "fileName", label: "File", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    { key: "uploadedBy", label: "Uploaded by", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "status", label: "Status", type: "status", sortable: true, filter: { kind: "select", options: IMPORT_LIST_STATUSES } },
    { key: "rows", label: "Rows", type: "number" },
    { key: "created", label: "Created", type: "number" },
    { key: "updated", label: "Updated", type: "number" },
    { key: "errors", label: "Errors", type: "number", sortable: true },
    { key: "committedAt", label: "Imported at", type: "datetime", sortable: true },
  ],
  defaultSort: { key: "uploadedAt", dir: "desc" },
  pageSizes: [25, 50, 100],
  defaultPageSize: 50,
});
