import { defineTable } from "~/utils/data-table";

export const PAY_APP_STATUS_LABELS = { draft: "Draft", submitted: "Submitted", certified: "Certified", paid: "Paid" } as const;
export const PAY_APP_KIND_LABELS = { progress: "Progress", retainage_release: "Retainage release", opening: "Opening position" } as const;

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/**
 * Owner pay applications, across projects or of one project. Lines 3–5 are cumulative figures of
 * each application, so only what each application bills and collects (line 8, received,
 * outstanding) is totalled. Outstanding is empty until the application is certified.
 */
export const payAppsTable = defineTable({
  id: "pay-apps",
  columns: [
    { key: "project", label: "Project", type: "text", sortable: true, filter: { kind: "lookup", source: "projects" }, linkKey: "projectHref" },
    { key: "number", label: "No.", type: "number", sortable: true, linkKey: "href" },
    { key: "periodEnd", label: "Period to", type: "date", sortable: true, filter: { kind: "dateRange" } },
    { key: "kind", label: "Kind", type: "status", sortable: true, filter: { kind: "select", options: options(PAY_APP_KIND_LABELS) } },
    { key: "status", label: "Status", type: "status", sortable: true, filter: { kind: "select", options: options(PAY_APP_STATUS_LABELS) } },
    { key: "contractSumToDate", label: "Contract sum to date", type: "money", sortable: true },
    { key: "completedAndStored", label: "Completed & stored to date", type: "money", sortable: true },
    { key: "retainage", label: "Retainage held", type: "money", sortable: true },
    { key: "currentPaymentDue", label: "Payment due", type: "money", sortable: true, total: true },
    { key: "received", label: "Received", type: "money", sortable: true, total: true },
    { key: "outstanding", label: "Outstanding", type: "money", sortable: true, total: true },
  ],
  defaultSort: { key: "periodEnd", dir: "desc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 50,
});
