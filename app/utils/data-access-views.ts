/** Every view whose reads are recorded in data_access_events, with its label. Browser-safe. */
export const DATA_ACCESS_VIEWS = {
  wip: "WIP schedule",
  wip_journal: "WIP journal entry",
  wip_closes: "WIP closes",
  wip_close: "Closed WIP schedule",
  ap_aging: "AP aging",
  ar_aging: "AR aging",
  job_cost: "Job cost report",
  budget: "Budget",
  opening_costs: "Opening costs",
  pay_apps: "Pay applications",
  pay_app: "Pay application",
  payables: "Vendor invoices",
  payable: "Vendor invoice",
  commitments: "Commitments",
  change_orders: "Change orders",
  contract: "Schedule of values",
  projects: "Projects",
  vendors: "Vendors",
  cost_codes: "Cost codes",
  imports: "Imports",
  import_errors: "Import errors",
  audit_log: "Audit log",
  data_access_log: "Data access log",
} as const;

export type DataAccessView = keyof typeof DATA_ACCESS_VIEWS;

export const DATA_ACCESS_FORMAT_LABELS = { page: "Viewed", xlsx: "Excel download", pdf: "PDF download" } as const;
