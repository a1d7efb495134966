import type { PermissionKey } from "~/utils/permissions";

/**
 * The pages of one project a field member works in, in tab order: shown on the project overview
 * and on each field page (ProjectTabs). Adding a page is one line here; each shows only to members
 * holding its permission. `path` is relative to /projects/:projectId ("" is the overview).
 */
export type ProjectTab = { label: string; path: string; permission: PermissionKey };

export const PROJECT_TABS: ProjectTab[] = [
  { label: "Overview", path: "", permission: "projects:read" },
  { label: "Daily logs", path: "daily-logs", permission: "field:read" },
  { label: "Photos", path: "photos", permission: "field:read" },
  { label: "Punch list", path: "punch", permission: "field:read" },
  { label: "Observations", path: "observations", permission: "field:read" },
  { label: "Inspections", path: "inspections", permission: "field:read" },
  { label: "NCRs", path: "ncrs", permission: "field:read" },
  { label: "Schedule", path: "schedule", permission: "field:read" },
  { label: "Team", path: "team", permission: "projects:read" },
];

export const projectTabHref = (projectId: string, path: string) => (path ? `/projects/${projectId}/${path}` : `/projects/${projectId}`);

/** The tabs `permissions` allow, as links of the project. */
export function visibleProjectTabs(projectId: string, permissions: readonly PermissionKey[]) {
  return PROJECT_TABS.filter((t) => permissions.includes(t.permission)).map((t) => ({ to: projectTabHref(projectId, t.path), label: t.label }));
}
