import { defineTable } from "~/utils/data-table";

/**
 * A vendor's totals by project (vendor page and its Excel export). Committed: its executed and
 * closed commitments with their approved change orders (the commitments list with
 * `f.status=committed`); billed, paid, retainage held and open balance: its posted (approved or
 * paid) invoices (the vendor invoice list with `f.status=posted`). Each figure links to that list.
 */
export const vendorProjectsTable = defineTable({
  id: "vendor-projects",
  columns: [
    { key: "project", label: "Project", type: "text", linkKey: "projectHref" },
    { key: "committed", label: "Committed", type: "money", total: true, linkKey: "commitmentsHref" },
    { key: "billed", label: "Billed", type: "money", total: true, linkKey: "payablesHref" },
    { key: "paid", label: "Paid", type: "money", total: true, linkKey: "payablesHref" },
    { key: "retainage", label: "Retainage held", type: "money", total: true, linkKey: "payablesHref" },
    { key: "openBalance", label: "Open balance", type: "money", total: true, linkKey: "payablesHref" },
  ],
  defaultSort: { key: "project", dir: "asc" },
  pageSizes: [500],
  defaultPageSize: 500,
});

export const VENDOR_PROJECT_MONEY = ["committed", "billed", "paid", "retainage", "openBalance"] as const;
