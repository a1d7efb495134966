import type { AgingReportLabels } from "~/utils/aging-report";

export const AP_AGING_LABELS: AgingReportLabels = {
  title: "AP aging",
  description:
    "What is still owed to vendors on approved invoices, by days past the due date. Payments made to date are deducted; retainage is aged on its own.",
  party: "Vendor",
  parties: "vendors",
  open: "Open payables",
  retainage: "Retainage payable",
  retainageNote: "Held until released (aged by the due date of the invoice that held it), and approved release invoices not yet paid.",
};
