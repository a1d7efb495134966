/**
 * The home dashboard of a signed-in member: the sections their permission keys allow
 * (dashboard-sections.ts), each from its own service, in one tenant transaction. The live WIP
 * schedule (stored budget figures, one statement) is computed once when finance or the executive
 * section needs it.
 */
import { organizationToday } from "~/utils/aging-report.server";
import { withTenant, type TenantContext, type Tx } from "~/utils/db.server";
import { can, type Role } from "~/utils/permissions";
import { waitingQueue } from "~/domains/notifications/waiting.server";
import type { WaitingSectionData } from "~/domains/notifications/waiting-section";
import { wipSchedule, type WipSchedule } from "~/domains/wip/wip.server";
import { dashboardSections } from "./dashboard-sections";
import { executiveSection, type ExecutiveSection } from "./executive.server";
import { fieldSection, type FieldSection } from "./field.server";
import { financeSection, type FinanceSection } from "./finance.server";
import { managesProjects, projectManagerSection, type ProjectManagerSection } from "./project-manager.server";

export type Dashboard = {
  today: string;
  /** What waits on the member across modules (approvals, certifications…), five items per module. */
  waiting: WaitingSectionData;
  finance: FinanceSection | null;
  projectManager: ProjectManagerSection | null;
  executive: ExecutiveSection | null;
  field: FieldSection | null;
};

/** The dashboard in a tenant transaction (`userId`: the signed-in member). */
export async function dashboardData(tx: Tx, userId: string, member: { name: string; role: Role }): Promise<Dashboard> {
  const today = await organizationToday(tx);
  const sections = dashboardSections(member.role, await managesProjects(tx, userId));
  const shows = (s: (typeof sections)[number]) => sections.includes(s);
  const schedule: WipSchedule | null = shows("finance") || shows("executive") ? await wipSchedule(tx) : null;
  return {
    today,
    waiting: await waitingQueue(tx, { userId, role: member.role }, 5),
    finance: shows("finance") && schedule ? await financeSection(tx, today, schedule.totals) : null,
    projectManager: shows("projectManager") ? await projectManagerSection(tx, { userId, name: member.name, role: member.role }) : null,
    executive: shows("executive") && schedule ? await executiveSection(tx, schedule) : null,
    field: shows("field") ? await fieldSection(tx, can(member.role, "projects:all") ? null : userId) : null,
  };
}

export function loadDashboard(tenant: TenantContext & { userId: string }, member: { name: string; role: Role }): Promise<Dashboard> {
  return withTenant(tenant, (tx) => dashboardData(tx, tenant.userId, member));
}
