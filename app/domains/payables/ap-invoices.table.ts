import { defineTable } from "~/utils/data-table";
import { AP_INVOICE_STATUS_LABELS } from "./payables.schema";

/** `f.status=posted`: approved or paid, the invoices that are actual cost (and a vendor's billed to date). */
export const POSTED_STATUS = "posted";

/**
 * Vendor invoices across projects (`/payables`): one definition for the SQL (ap-invoices-list.server.ts),
 * the page and the Excel export. Paid and balance come from the payments; the other figures are
 * stored on the invoice row.
 */
export const apInvoicesTable = defineTable({
  id: "ap-invoices",
  columns: [
    { key: "number", label: "Invoice", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href", nowrap: true },
    { key: "vendor", label: "Vendor", type: "text", sortable: true, filter: { kind: "lookup", source: "vendors" } },
    { key: "project", label: "Project", type: "text", sortable: true, filter: { kind: "lookup", source: "projects" } },
    { key: "commitment", label: "Commitment", type: "text", linkKey: "commitmentHref" },
    { key: "invoiceDate", label: "Invoice date", type: "date", sortable: true, filter: { kind: "dateRange" } },
    { key: "dueDate", label: "Due date", type: "date", sortable: true, filter: { kind: "dateRange" } },
    {
      key: "status",
      label: "Status",
      type: "status",
      sortable: true,
      filter: {
        kind: "select",
        options: [...Object.entries(AP_INVOICE_STATUS_LABELS).map(([value, label]) => ({ value, label })), { value: POSTED_STATUS, label: "Posted (approved or paid)" }],
      },
    },
    { key: "total", label: "Total", type: "money", sortable: true, total: true },
    { key: "retainage", label: "Retainage", type: "money", total: true },
    { key: "amountDue", label: "Amount due", type: "money", sortable: true, total: true },
    { key: "paid", label: "Paid", type: "money", total: true },
    { key: "balance", label: "Balance", type: "money", sortable: true, total: true },
  ],
  defaultSort: { key: "invoiceDate", dir: "desc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 50,
});
