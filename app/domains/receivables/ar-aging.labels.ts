import type { AgingReportLabels } from "~/utils/aging-report";

export const AR_AGING_LABELS: AgingReportLabels = {
  title: "AR aging",
  description:
    "What owners still owe on certified pay applications, by days past the due date. Payments received to date are deducted; retainage is aged on its own.",
  party: "Customer",
  parties: "customers",
  open: "Open receivables",
  retainage: "Retainage receivable",
  retainageNote: "Held until released (aged by the due date of the application that held it), and released retainage not yet received.",
};
