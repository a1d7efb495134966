import { defineTable } from "~/utils/data-table";
import { options, PUNCH_PRIORITY_LABELS, PUNCH_STATUS_LABELS } from "./punch.schema";

/** `f.status=not_closed`: open or ready for review, what still needs someone (the list's default view links here). */
export const NOT_CLOSED = "not_closed";

/**
 * A project's punch items. Filters live in the URL (status, subcontractor, assignee, priority,
 * overdue), so a filtered list is a link and works without JS; the export takes the same URL.
 */
export const punchItemsTable = defineTable({
  id: "punch-items",
  columns: [
    { key: "number", label: "No.", type: "text", sortable: true, linkKey: "href", nowrap: true },
    { key: "title", label: "Item", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    { key: "location", label: "Location", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "vendor", label: "Subcontractor", type: "text", sortable: true, filter: { kind: "lookup", source: "vendors" } },
    { key: "trade", label: "Trade", type: "text", sortable: true },
    { key: "assignee", label: "Assignee", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "priority", label: "Priority", type: "status", sortable: true, filter: { kind: "select", options: options(PUNCH_PRIORITY_LABELS) } },
    {
      key: "status",
      label: "Status",
      type: "status",
      sortable: true,
      filter: { kind: "select", options: [{ value: NOT_CLOSED, label: "Open or ready for review" }, ...options(PUNCH_STATUS_LABELS)] },
    },
    { key: "dueDate", label: "Due", type: "date", sortable: true, filter: { kind: "dateRange" } },
    { key: "overdue", label: "Overdue", type: "status", filter: { kind: "select", options: [{ value: "yes", label: "Overdue" }] } },
  ],
  defaultSort: { key: "number", dir: "desc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 50,
});

/** A vendor's open items across projects (`/vendors/:vendorId/punch`, later the subcontractor portal). */
export const vendorPunchTable = defineTable({
  id: "vendor-punch-items",
  columns: [
    { key: "project", label: "Project", type: "text", sortable: true, filter: { kind: "lookup", source: "projects" }, linkKey: "projectHref" },
    { key: "number", label: "No.", type: "text", sortable: true, linkKey: "href", nowrap: true },
    { key: "title", label: "Item", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    { key: "location", label: "Location", type: "text", sortable: true },
    { key: "priority", label: "Priority", type: "status", sortable: true, filter: { kind: "select", options: options(PUNCH_PRIORITY_LABELS) } },
    { key: "status", label: "Status", type: "status", sortable: true, filter: { kind: "select", options: options({ open: "Open", ready_for_review: "Ready for review" }) } },
    { key: "dueDate", label: "Due", type: "date", sortable: true },
  ],
  defaultSort: { key: "dueDate", dir: "asc" },
  pageSizes: [25, 50, 100],
  defaultPageSize: 50,
});
