/**
 * The drill-down of every dashboard figure: the URL of the filtered table whose total is the
 * figure (filter keys as the tables define them: f.<key>, f.<key>.from/.to). Browser-safe.
 */
import { agingHref } from "~/utils/aging-report";
import { dateFromParam, dateToParam, filterParam } from "~/utils/data-table";

const withParams = (pathname: string, params: Record<string, string>) => `${pathname}?${new URLSearchParams(params).toString()}`;

/** `days` calendar days after an ISO date (negative: before). */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const dashboardLinks = {
  /** AR aging as of the day: its open receivables and retainage sections, by bucket. */
  arAging: (asOf: string) => agingHref("/receivables/aging", asOf),
  apAging: (asOf: string) => agingHref("/payables/aging", asOf),
  /** Approved vendor invoices due from `from` to `to` (either end optional): their balance total. */
  approvedPayables: (range: { from?: string; to?: string }) =>
    withParams("/payables", {
      [filterParam("status")]: "approved",
      ...(range.from ? { [dateFromParam("dueDate")]: range.from } : {}),
      ...(range.to ? { [dateToParam("dueDate")]: range.to } : {}),
      sort: "dueDate",
      dir: "asc",
    }),
  payablesWithStatus: (status: string) => withParams("/payables", { [filterParam("status")]: status }),
  payAppsWithStatus: (status: string) => withParams("/pay-apps", { [filterParam("status")]: status }),
  wip: (sortKey = "project", dir: "asc" | "desc" = "asc") => withParams("/wip", { sort: sortKey, dir }),
  wipClose: (closeId: string) => `/wip/closes/${closeId}`,
  myProjects: (managerName: string) => withParams("/projects", { [filterParam("projectManager")]: managerName }),
  activeProjects: () => withParams("/projects", { [filterParam("status")]: "Active" }),
  budget: (projectId: string) => `/projects/${projectId}/budget`,
  openChangeOrders: (projectId: string) => withParams(`/projects/${projectId}/change-orders`, { [filterParam("status")]: "open" }),
  pendingCommitments: (projectId: string) => withParams(`/projects/${projectId}/commitments`, { [filterParam("status")]: "pending_approval" }),
  projectPayApps: (projectId: string) => `/projects/${projectId}/pay-apps`,
  payApp: (payAppId: string) => `/pay-apps/${payAppId}`,
  approvals: () => "/approvals",
};
