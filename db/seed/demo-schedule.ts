import { sql } from "drizzle-orm";
import { currentOrganizationId } from "@db/schema/_shared";
import { organizationToday } from "~/utils/aging-report.server";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, withTenant, type Tx } from "~/utils/db.server";

/**
 * Each active demo project's schedule, dated from today so the lookahead, late and slipping flags
 * look alive whenever the demo runs: past milestones reached (a few days either side of the
 * baseline), some forecasts slipping, one or two late, each chained to the one before. Milestones
 * the onboarding import already made (Foundations complete, Dry-in, Substantial completion on the
 * imported job) keep their imported dates and only join the chain. Only what is missing is added.
 */

/** [name, baseline, forecast, actual, start, responsible, predecessors]: days from today; responsible "v:" a vendor, "m:" the PM, else text. */
type Plan = [string, number, number | null, number | null, number | null, string, string[]];

const SCHEDULES: Record<string, Plan[]> = {
  "2301": [
    ["Notice to proceed", -640, null, -640, null, "Owner", []],
    ["Site mobilization", -630, null, -628, -640, "m:", ["Notice to proceed"]],
    ["Structure topped out", -150, null, -141, -260, "v:Summit Steel Erectors", ["Foundations complete"]],
    ["MEP rough-in complete", -20, 9, null, -90, "v:Alpine Mechanical", ["Structure topped out", "Dry-in"]],
    ["Elevator inspection", 5, null, null, null, "State elevator inspector", ["MEP rough-in complete"]],
    ["Drywall and finishes complete", 12, 19, null, -30, "v:Peak Drywall & Finishes", ["MEP rough-in complete"]],
    ["Final completion", 75, null, null, null, "m:", ["Substantial completion"]],
  ],
  "2302": [
    ["Notice to proceed", -180, null, -180, null, "Cedar Ridge School District", []],
    ["Selective demolition complete", -150, null, -146, -175, "m:", ["Notice to proceed"]],
    ["Roof replacement complete", -60, null, -55, -100, "Owner's roofing contractor", ["Selective demolition complete"]],
    ["Classroom wing A drywall complete", -6, null, null, -40, "v:Peak Drywall & Finishes", ["Roof replacement complete"]],
    ["Fire alarm acceptance test", 14, null, null, null, "City fire marshal", ["Classroom wing A drywall complete"]],
    ["Classroom wing B turnover", 18, 25, null, -5, "m:", ["Classroom wing A drywall complete"]],
    ["Substantial completion", 45, null, null, null, "m:", ["Fire alarm acceptance test", "Classroom wing B turnover"]],
    ["Final completion", 75, null, null, null, "Owner", ["Substantial completion"]],
  ],
  "2403": [
    ["Notice to proceed", -60, null, -63, null, "Aspen Ridge Health Partners", []],
    ["Demolition complete", -35, null, -33, -55, "m:", ["Notice to proceed"]],
    ["Framing and in-wall rough-in", 3, 3, null, -30, "v:Front Range Electric", ["Demolition complete"]],
    ["Above-ceiling inspection", 16, null, null, null, "City building inspector", ["Framing and in-wall rough-in"]],
    ["Drywall complete", 30, 37, null, 5, "v:Peak Drywall & Finishes", ["Above-ceiling inspection"]],
    ["Substantial completion", 120, null, null, null, "m:", ["Drywall complete"]],
    ["Final completion", 145, null, null, null, "Owner", ["Substantial completion"]],
  ],
  "H-101": [
    ["Notice to proceed", -500, null, -500, null, "Portland Harbor Authority", []],
    ["Pier piles driven", -300, null, -290, -380, "v:Atlantic Concrete Co", ["Notice to proceed"]],
    ["Structure topped out", -150, null, -140, -240, "m:", ["Foundations complete", "Pier piles driven"]],
    ["Refrigeration rough-in complete", 10, 20, null, -10, "Coastal Refrigeration", ["Dry-in"]],
    ["Fish market fit-out complete", 40, 48, null, 12, "m:", ["Refrigeration rough-in complete"]],
  ],
};

const day = (today: string, offset: number | null) => (offset === null ? null : sql`(${today}::date + ${offset}::int)`);

async function seedProject(tx: Tx, projectId: string, plans: Plan[], today: string, pmId: string | null) {
  for (const [name, baseline, forecast, actual, start, who] of plans) {
    const vendor = who.startsWith("v:") ? who.slice(2) : null;
    const [row] = await queryRows<{ id: string }>(tx, sql`
      insert into project_milestones (organization_id, project_id, name, planned_date, forecast_date, actual_date, start_date, vendor_id, responsible_user_id, responsible)
      values (${currentOrganizationId}, ${projectId}, ${name}, ${day(today, baseline)}, ${day(today, forecast)}, ${day(today, actual)}, ${day(today, start)},
        (select id from vendors where name = ${vendor}), ${who === "m:" ? pmId : null}, ${vendor || who === "m:" ? "" : who})
      on conflict (organization_id, project_id, name) do nothing returning id`);
    if (row) await recordAudit(tx, { entityType: "project_milestone", entityId: row.id, action: "created", after: { projectId, name } });
  }
  for (const [name, , , , , , predecessors] of plans)
    for (const predecessor of predecessors)
      await tx.execute(sql`
        insert into milestone_predecessors (organization_id, project_id, milestone_id, predecessor_id)
        select ${currentOrganizationId}, ${projectId}, m.id, p.id from project_milestones m join project_milestones p on p.project_id = m.project_id
        where m.project_id = ${projectId} and m.name = ${name} and p.name = ${predecessor}
        on conflict (organization_id, milestone_id, predecessor_id) do nothing`);
}

/** After the onboarding import (whose milestones join the chains). */
export async function seedDemoSchedule(organizationId: string) {
  await withTenant({ organizationId }, async (tx) => {
    const today = await organizationToday(tx);
    const [pm] = await queryRows<{ id: string }>(tx, sql`
      select user_id as id from memberships where role in ('project_manager', 'owner') order by role = 'project_manager' desc, created_at limit 1`);
    const projects = await queryRows<{ id: string; jobNumber: string }>(tx, sql`select id, job_number as "jobNumber" from projects where status = 'active'`);
    for (const p of projects) if (SCHEDULES[p.jobNumber]) await seedProject(tx, p.id, SCHEDULES[p.jobNumber], today, pm?.id ?? null);
  });
}
