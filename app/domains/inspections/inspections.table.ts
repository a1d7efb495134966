import { defineTable } from "~/utils/data-table";
import { INSPECTION_STATUS_LABELS, NCR_STATUS_LABELS, options } from "./inspection-labels";

/**
 * A project's inspections: `f.status=`, `f.template=` (checklist name contains) and
 * `f.inspectedOn.from/to=` filter it; the page and its Excel export share this definition.
 */
export const inspectionsTable = defineTable({
  id: "inspections",
  columns: [
    { key: "number", label: "No.", type: "text", sortable: true, linkKey: "href", nowrap: true },
    { key: "title", label: "Title", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    { key: "template", label: "Checklist", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "location", label: "Location", type: "text", sortable: true },
    { key: "milestone", label: "Milestone", type: "text", sortable: true },
    { key: "inspectedOn", label: "Inspected on", type: "date", sortable: true, filter: { kind: "dateRange" } },
    { key: "inspector", label: "Inspector", type: "text", sortable: true },
    { key: "status", label: "Status", type: "status", sortable: true, filter: { kind: "select", options: options(INSPECTION_STATUS_LABELS) } },
    { key: "failed", label: "Failed items", type: "number", sortable: true },
    { key: "answered", label: "Answered", type: "number" },
    { key: "items", label: "Items", type: "number" },
  ],
  defaultSort: { key: "inspectedOn", dir: "desc" },
  pageSizes: [25, 50, 100],
  defaultPageSize: 50,
});

/** A project's non-conformance reports. */
export const ncrsTable = defineTable({
  id: "ncrs",
  columns: [
    { key: "number", label: "No.", type: "text", sortable: true, linkKey: "href", nowrap: true },
    { key: "title", label: "Title", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    { key: "inspection", label: "Inspection", type: "text", linkKey: "inspectionHref", nowrap: true },
    { key: "location", label: "Location", type: "text" },
    { key: "status", label: "Status", type: "status", sortable: true, filter: { kind: "select", options: options(NCR_STATUS_LABELS) } },
    { key: "raisedOn", label: "Raised on", type: "date", sortable: true, filter: { kind: "dateRange" } },
    { key: "closedAt", label: "Closed", type: "datetime", sortable: true },
  ],
  defaultSort: { key: "number", dir: "desc" },
  pageSizes: [25, 50, 100],
  defaultPageSize: 50,
});
