/**
 * What the global search finds, in the order the results page groups it, and who may see each
 * kind: the permission keys of its own module and, for records that belong to a project, the
 * project's (projects:read). Browser-safe: the page labels its groups from here.
 */
import { can, type PermissionKey, type Role } from "~/utils/permissions";

export const RESULT_KINDS = ["project", "vendor", "commitment", "change_order", "ap_invoice", "pay_application", "cost_code", "person"] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];
/** The kinds held in the search_terms index (people are read directly: users are global). */
export type IndexedKind = Exclude<ResultKind, "person">;

export const KIND_INFO: Record<ResultKind, { label: string; keys: PermissionKey[] }> = {
  project: { label: "Projects", keys: ["projects:read"] },
  vendor: { label: "Vendors", keys: ["vendors:read"] },
  commitment: { label: "Commitments", keys: ["commitments:read", "projects:read"] },
  change_order: { label: "Change orders", keys: ["change_orders:read", "projects:read"] },
  ap_invoice: { label: "Vendor invoices", keys: ["payables:read", "projects:read"] },
  pay_application: { label: "Pay applications", keys: ["receivables:read", "projects:read"] },
  cost_code: { label: "Cost codes", keys: ["cost_codes:read"] },
  person: { label: "People", keys: ["members:read"] },
};

/** The kinds `role` may see in results. */
export const visibleKinds = (role: Role): ResultKind[] => RESULT_KINDS.filter((kind) => KIND_INFO[kind].keys.every((key) => can(role, key)));

/**
 * Where a result opens. Cost codes have no page of their own: their list filtered to the code;
 * people: the members page.
 */
export function resultHref(kind: ResultKind, id: string, number: string): string {
  switch (kind) {
    case "project":
      return `/projects/${id}`;
    case "vendor":
      return `/vendors/${id}`;
    case "commitment":
      return `/commitments/${id}`;
    case "change_order":
      return `/change-orders/${id}`;
    case "ap_invoice":
      return `/payables/${id}`;
    case "pay_application":
      return `/pay-apps/${id}`;
    case "cost_code":
      return `/cost-codes?${new URLSearchParams({ "f.code": number })}`;
    case "person":
      return "/settings/members";
  }
}
