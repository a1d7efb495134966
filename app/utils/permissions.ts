/**
 * Who may do what: the one map from role to permission keys (`resource:action`). Routes and
 * services check keys, never role names. Browser-safe so the UI can hide what a user may not do;
 * the server refuses it regardless (requireMember). docs/permissions.md is generated from this.
 */
export const ROLES = ["owner", "admin", "finance", "project_manager", "field", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  finance: "Finance",
  project_manager: "Project manager",
  field: "Field",
  viewer: "Viewer",
};

export const PERMISSIONS = {
  "organization:read": { label: "See the organization and its settings", roles: [...ROLES] },
  "organization:update": { label: "Change organization settings", roles: ["owner", "admin"] },
  "members:read": { label: "See members and pending invitations", roles: ["owner", "admin"] },
  "members:invite": { label: "Invite, re-send and revoke invitations", roles: ["owner", "admin"] },
  "members:manage": { label: "Change roles of and remove non-owner members", roles: ["owner", "admin"] },
  "members:manage_owners": { label: "Grant, change or remove the owner role", roles: ["owner"] },
  "audit:read": { label: "Read the audit log and the data access log", roles: ["owner", "admin", "finance"] },
  "audit:export": { label: "Export the audit log and the data access log to Excel", roles: ["owner", "admin", "finance"] },
  "platform:status": { label: "See system status and run health checks", roles: ["owner", "admin"] },
  "cost_codes:read": { label: "See cost codes and cost types", roles: [...ROLES] },
  "cost_codes:manage": { label: "Create, edit and deactivate cost codes and cost types", roles: ["owner", "admin", "finance"] },
  "vendors:read": { label: "See vendors", roles: ["owner", "admin", "finance", "project_manager", "viewer"] },
  "vendors:manage": { label: "Create and edit vendors", roles: ["owner", "admin", "finance", "project_manager"] },
  "projects:read": { label: "See projects", roles: [...ROLES] },
  "projects:all": { label: "Open every project of the organization; others open the projects they are on the team of", roles: ["owner", "admin", "finance", "project_manager", "viewer"] },
  "projects:create": { label: "Create projects", roles: ["owner", "admin", "finance", "project_manager"] },
  "projects:update": { label: "Edit projects", roles: ["owner", "admin", "finance", "project_manager"] },
  "budgets:read": { label: "See budgets, the job cost report and project financials", roles: ["owner", "admin", "finance", "project_manager", "viewer"] },
  "budgets:edit": { label: "Edit budget lines (before the lock) and forecasts", roles: ["owner", "admin", "finance", "project_manager"] },
  "budgets:transfer": { label: "Transfer budget between lines", roles: ["owner", "admin", "finance", "project_manager"] },
  "budgets:lock": { label: "Lock and unlock a project's budget", roles: ["owner", "admin", "finance"] },
  "contracts:read": { label: "See prime contracts and schedules of values", roles: ["owner", "admin", "finance", "project_manager", "viewer"] },
  "contracts:manage": { label: "Edit prime contracts and schedules of values", roles: ["owner", "admin", "finance"] },
  "commitments:read": { label: "See subcontracts and purchase orders", roles: ["owner", "admin", "finance", "project_manager", "viewer"] },
  "commitments:manage": { label: "Create and edit draft commitments", roles: ["owner", "admin", "finance", "project_manager"] },
  "commitments:execute": { label: "Execute, close or void commitments", roles: ["owner", "admin", "finance"] },
  "change_orders:read": { label: "See change orders", roles: ["owner", "admin", "finance", "project_manager", "viewer"] },
  "change_orders:manage": { label: "Create, edit and submit change orders", roles: ["owner", "admin", "finance", "project_manager"] },
  "change_orders:approve": { label: "Approve or reject change orders (approval steps)", roles: ["owner", "admin", "finance"] },
  "change_orders:void": { label: "Void change orders", roles: ["owner", "admin"] },
  "approvals:manage": { label: "Set approval policies", roles: ["owner", "admin"] },
  "payables:read": { label: "See vendor invoices, payments out and AP aging", roles: ["owner", "admin", "finance", "project_manager", "viewer"] },
  "payables:manage": { label: "Enter and edit draft vendor invoices and submit them for approval", roles: ["owner", "admin", "finance", "project_manager"] },
  "payables:approve": { label: "Approve or reject vendor invoices (approval steps)", roles: ["owner", "admin", "finance"] },
  "payables:pay": { label: "Record payments to vendors and void invoices", roles: ["owner", "admin", "finance"] },
  "receivables:read": { label: "See pay applications, payments received and AR aging", roles: ["owner", "admin", "finance", "project_manager", "viewer"] },
  "receivables:manage": { label: "Prepare and submit pay applications", roles: ["owner", "admin", "finance", "project_manager"] },
  "receivables:certify": { label: "Certify pay applications, release retainage and record payments received", roles: ["owner", "admin", "finance"] },
  "wip:read": { label: "See the WIP schedule", roles: ["owner", "admin", "finance"] },
  "wip:close": { label: "Close and reopen WIP periods (month-end close, a reason to reopen)", roles: ["owner", "finance"] },
  "imports:run": { label: "Import masterfile workbooks (upload, review and commit)", roles: ["owner", "admin", "finance"] },
  "field:read": { label: "See daily logs, photos, punch items, inspections and the schedule of the projects they can open", roles: [...ROLES] },
  "daily_logs:write": { label: "Write, submit and add addenda to daily logs", roles: ["owner", "admin", "project_manager", "field"] },
  "photos:upload": { label: "Upload photos and edit their captions", roles: ["owner", "admin", "project_manager", "field"] },
  "punch:manage": { label: "Create, assign and mark ready punch items and observations", roles: ["owner", "admin", "project_manager", "field"] },
  "punch:close": { label: "Close punch items or send them back as not accepted", roles: ["owner", "admin", "project_manager"] },
  "inspections:run": { label: "Run inspections from checklists and write non-conformance reports", roles: ["owner", "admin", "project_manager", "field"] },
  "checklists:manage": { label: "Create and version checklist templates", roles: ["owner", "admin", "project_manager"] },
  "schedule:manage": { label: "Edit project milestones (baseline, forecast and actual dates)", roles: ["owner", "admin", "project_manager"] },
} as const satisfies Record<string, { label: string; roles: readonly Role[] }>;

export type PermissionKey = keyof typeof PERMISSIONS;

export const PERMISSION_KEYS = Object.keys(PERMISSIONS) as PermissionKey[];

export function can(role: Role | null | undefined, key: PermissionKey): boolean {
  return role != null && (PERMISSIONS[key].roles as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): PermissionKey[] {
  return PERMISSION_KEYS.filter((key) => can(role, key));
}
