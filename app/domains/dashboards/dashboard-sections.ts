/**
 * Which sections of the home dashboard a member gets, from their permission keys only (never a
 * role name). Browser-safe. A section needs every key whose figures it shows, so nobody sees a
 * figure they could not open the table of:
 * - finance: cash position, aging, over/under billing and the queues finance works — those who
 *   certify pay applications and pay vendors, and read the WIP schedule;
 * - executive: backlog, contract value, billed, gross profit and the close trend — the WIP schedule;
 * - projectManager: the projects the member manages with their budget health — budgets, change
 *   orders, commitments and pay applications readable; shown when they manage a project, or
 *   when no other section would show (an empty "my projects");
 * - field: projects only, with today's items arriving with the field module — members who can
 *   read projects but not their budgets.
 */
import { can, type PermissionKey, type Role } from "~/utils/permissions";

export type DashboardSection = "finance" | "executive" | "projectManager" | "field";

export const SECTION_KEYS: Record<DashboardSection, readonly PermissionKey[]> = {
  finance: ["receivables:read", "receivables:certify", "payables:read", "payables:pay", "wip:read"],
  executive: ["wip:read"],
  projectManager: ["projects:read", "budgets:read", "change_orders:read", "commitments:read", "receivables:read"],
  field: ["projects:read"],
};

const allows = (role: Role, section: DashboardSection) => SECTION_KEYS[section].every((key) => can(role, key));

/** The sections in page order; `managesProjects`: the member is the project manager of an open project. */
export function dashboardSections(role: Role, managesProjects: boolean): DashboardSection[] {
  const finance = allows(role, "finance");
  const executive = allows(role, "executive");
  const pm = allows(role, "projectManager") && (managesProjects || (!finance && !executive));
  const field = allows(role, "field") && !can(role, "budgets:read");
  return (
    [
      ["finance", finance],
      ["projectManager", pm],
      ["executive", executive],
      ["field", field],
    ] as const
  )
    .filter(([, shown]) => shown)
    .map(([section]) => section);
}
