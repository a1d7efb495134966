import { defineTable } from "~/utils/data-table";
import { CHANGE_ORDER_KIND_LABELS, CHANGE_ORDER_STAGE_LABELS, CHANGE_ORDER_STATUS_LABELS, options, type ChangeOrderStatus } from "./change-orders.schema";

/** `f.status=open`: draft or pending approval, the change orders the budget counts as pending. */
export const OPEN_STATUS = "open";

/** Listed but never totalled: a rejected or void change order changes no contract sum and no cost. */
export const UNTOTALLED_STATUSES = ["rejected", "void"] as const satisfies readonly ChangeOrderStatus[];

/**
 * A project's change orders. `costCode` lists the cost codes of a change order's lines; its filter
 * (`f.costCode=`) takes a cost code id or code and keeps change orders with a line on that code or
 * on a code of that division (the job cost report links here that way).
 * Prime (owner) and commitment (subcontract) change orders are totalled apart, each without its
 * rejected and void ones: one amount changes the contract sum, the other committed cost.
 */
export const changeOrdersTable = defineTable({
  id: "change-orders",
  columns: [
    { key: "number", label: "No.", type: "number", sortable: true, linkKey: "href" },
    { key: "stage", label: "Stage", type: "status", sortable: true, filter: { kind: "select", options: options(CHANGE_ORDER_STAGE_LABELS) } },
    { key: "kind", label: "Kind", type: "status", sortable: true, filter: { kind: "select", options: options(CHANGE_ORDER_KIND_LABELS) } },
    { key: "commitment", label: "Commitment", type: "text", sortable: true, linkKey: "commitmentHref" },
    { key: "title", label: "Title", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    {
      key: "status",
      label: "Status",
      type: "status",
      sortable: true,
      filter: { kind: "select", options: [...options(CHANGE_ORDER_STATUS_LABELS), { value: OPEN_STATUS, label: "Open (draft or pending approval)" }] },
    },
    { key: "amount", label: "Amount", type: "money", sortable: true, total: true },
    { key: "budgetImpact", label: "Budget impact", type: "money", sortable: true, total: true },
    { key: "costCode", label: "Cost codes", type: "text", filter: { kind: "text" } },
    { key: "submittedAt", label: "Submitted", type: "datetime", sortable: true, filter: { kind: "dateRange" } },
    { key: "decidedAt", label: "Decided", type: "datetime", sortable: true, filter: { kind: "dateRange" } },
  ],
  defaultSort: { key: "number", dir: "desc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 50,
  totalRows: [
    { key: "prime", label: "Total prime (owner) change orders, excluding rejected and void", columns: ["amount", "budgetImpact"] },
    { key: "commitment", label: "Total commitment (subcontract) change orders, excluding rejected and void", columns: ["amount"] },
  ],
});
