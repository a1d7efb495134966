import { defineTable } from "~/utils/data-table";
import { COMMITMENT_STATUS_OPTIONS, COMMITMENT_TYPE_OPTIONS } from "./commitments.schema";

/** `f.status=committed`: executed or closed, the commitments the budget counts as committed. */
export const COMMITTED_STATUS = "committed";

/**
 * A project's subcontracts and purchase orders. The `costCode` filter keeps commitments having a
 * line with that cost code (its id, or a code such as "03-3000" or a division prefix such as "03"):
 * the budget links here with `?f.costCode=<code>`.
 */
export const commitmentsTable = defineTable({
  id: "commitments",
  columns: [
    { key: "number", label: "Number", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    { key: "vendor", label: "Vendor", type: "text", sortable: true, filter: { kind: "lookup", source: "vendors" } },
    { key: "type", label: "Type", type: "status", sortable: true, filter: { kind: "select", options: [...COMMITMENT_TYPE_OPTIONS] } },
    { key: "title", label: "Title", type: "text", sortable: true },
    { key: "status", label: "Status", type: "status", sortable: true, filter: { kind: "select", options: [...COMMITMENT_STATUS_OPTIONS, { value: COMMITTED_STATUS, label: "Committed (executed or closed)" }] } },
    { key: "costCode", label: "Cost codes", type: "text", filter: { kind: "text" } },
    { key: "originalValue", label: "Original value", type: "money", sortable: true, total: true },
    { key: "approvedChanges", label: "Approved COs", type: "money", sortable: true, total: true },
    { key: "revisedValue", label: "Revised value", type: "money", sortable: true, total: true },
    { key: "retainagePercent", label: "Retainage", type: "percent", sortable: true },
  ],
  defaultSort: { key: "number", dir: "asc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 50,
});
