import { asc, eq, sql } from "drizzle-orm";
import { observations, projects, punchItemEvents, punchItems, vendors } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { queryRows, type Tx } from "~/utils/db.server";

type Status = "open" | "ready_for_review" | "closed" | "not_accepted";
type Priority = "low" | "normal" | "high" | "critical";
/** title, location, trade, responsible vendor (a word of its name), priority, where it stands, due in days, created days ago */
type Item = [string, string, string, string, Priority, Status, number | null, number];

const ITEMS: Item[] = [
  ["Touch up paint at door 204 frame", "Level 2, room 204", "Painting", "Drywall", "low", "open", 5, 6],
  ["Missing cover plate, room 118", "Level 1, room 118", "Electrical", "Electric", "normal", "open", -3, 12],
  ["Ceiling tile stained at corridor 2B", "Level 2, corridor 2B", "Acoustical ceilings", "Drywall", "normal", "ready_for_review", 2, 9],
  ["Grout missing at floor drain, toilet room 112", "Level 1, room 112", "Plumbing", "Mechanical", "high", "open", -6, 20],
  ["Label the panel schedule in electrical room 105", "Level 1, room 105", "Electrical", "Electric", "normal", "closed", -4, 26],
  ["Diffuser not aligned with ceiling grid", "Level 3, open office 301", "HVAC", "Mechanical", "low", "not_accepted", 4, 15],
  ["Patch drywall around sprinkler head", "Level 3, room 316", "Drywall", "Drywall", "normal", "closed", -8, 28],
  ["Spalled concrete at loading dock edge", "Loading dock", "Concrete", "Concrete", "high", "open", -1, 18],
  ["Touch up fireproofing at beam B-12", "Level 2, grid B-12", "Fireproofing", "Steel", "critical", "ready_for_review", 1, 8],
  ["Thermostat cover missing, room 221", "Level 2, room 221", "HVAC", "Mechanical", "low", "open", 10, 3],
  ["Caulk gap at window sill, room 310", "Level 3, room 310", "Sealants", "Drywall", "normal", "open", -2, 14],
  ["Exit sign not illuminated at stair 2", "Stair 2, level 3", "Electrical", "Electric", "critical", "closed", -10, 24],
];

type Observation = ["safety" | "quality" | "environmental" | "housekeeping", "low" | "medium" | "high" | "critical", string, string, string, boolean, number];
const OBSERVATIONS: Observation[] = [
  ["safety", "high", "Open floor penetration at grid C4 without a cover or guardrail.", "Level 3, grid C4", "Steel", false, 2],
  ["housekeeping", "low", "Drywall scraps and packaging piled in stair 2.", "Stair 2", "Drywall", true, 9],
  ["quality", "medium", "Conduit run not supported within 3 ft of the box in room 118.", "Level 1, room 118", "Electric", false, 5],
  ["environmental", "medium", "Concrete washout water running toward the storm drain at the north gate.", "North gate", "Concrete", true, 16],
];

const EVENTS: Record<Status, [string, "open" | "ready_for_review" | "closed" | null, "open" | "ready_for_review" | "closed", string][]> = {
  open: [["created", null, "open", ""]],
  ready_for_review: [["created", null, "open", ""], ["submitted", "open", "ready_for_review", "Done, please check."]],
  closed: [["created", null, "open", ""], ["submitted", "open", "ready_for_review", ""], ["closed", "ready_for_review", "closed", "Checked on the walk, accepted."]],
  not_accepted: [["created", null, "open", ""], ["submitted", "open", "ready_for_review", ""], ["not_accepted", "ready_for_review", "open", "Still off by half a tile at the east end."]],
};

/**
 * Punch items and observations on the organization's active projects (first three): a realistic
 * mix of open, ready, closed, sent-back and overdue items with their history, by the demo's field
 * and project people. Only when the organization has no punch items yet.
 */
export async function seedPunch(tx: Tx, people: { field: string; pm: string }) {
  const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from punch_items`);
  if (n > 0) return;
  const active = await tx.select({ id: projects.id }).from(projects).where(eq(projects.status, "active")).orderBy(asc(projects.jobNumber)).limit(3);
  const vendorRows = await tx.select({ id: vendors.id, name: vendors.name }).from(vendors).orderBy(asc(vendors.name));
  const vendorFor = (hint: string, i: number) => vendorRows.find((v) => v.name.includes(hint))?.id ?? vendorRows[i % Math.max(vendorRows.length, 1)]?.id ?? null;
  for (const [p, project] of active.entries()) {
    const items = ITEMS.slice(0, p === 0 ? ITEMS.length : 8 - p * 2);
    for (const [i, [title, location, trade, hint, priority, status, due, ago]] of items.entries()) {
      const at = (days: number) => sql`now() - make_interval(days => ${days}, hours => ${i})`;
      const [item] = await tx
        .insert(punchItems)
        .values({
          organizationId: sql`${currentOrganizationId}`,
          projectId: project.id,
          number: i + 1,
          title,
          location,
          trade,
          vendorId: vendorFor(hint, i),
          assigneeUserId: i % 3 === 0 ? people.pm : people.field,
          dueDate: due === null ? null : sql`current_date + ${due}::int`,
          priority,
          status: status === "not_accepted" ? "open" : status,
          notAcceptedCount: status === "not_accepted" ? 1 : 0,
          createdBy: people.field,
          closedBy: status === "closed" ? people.pm : null,
          closedAt: status === "closed" ? at(Math.max(ago - 5, 0)) : null,
          version: EVENTS[status].length,
          createdAt: at(ago),
          updatedAt: at(Math.max(ago - 5, 0)),
        })
        .returning({ id: punchItems.id });
      for (const [e, [action, from, to, comment]] of EVENTS[status].entries()) {
        const by = action === "closed" || action === "not_accepted" ? people.pm : people.field;
        await tx.insert(punchItemEvents).values({ organizationId: sql`${currentOrganizationId}`, punchItemId: item.id, action, fromStatus: from, toStatus: to, comment, byUserId: by, at: at(Math.max(Math.round(ago - e * 2.5), 0)) });
      }
    }
    if (p > 1) continue;
    for (const [i, [kind, severity, description, location, hint, closed, ago]] of OBSERVATIONS.entries()) {
      await tx.insert(observations).values({
        organizationId: sql`${currentOrganizationId}`,
        projectId: project.id,
        number: i + 1,
        kind,
        severity,
        description,
        location,
        vendorId: vendorFor(hint, i),
        assigneeUserId: people.field,
        dueDate: sql`current_date + ${3 - i}::int`,
        status: closed ? "closed" : "open",
        correctiveAction: closed ? "Cleared the same day; reminded the crew at the morning huddle." : "",
        createdBy: people.field,
        closedBy: closed ? people.pm : null,
        closedAt: closed ? sql`now() - make_interval(days => ${ago - 1})` : null,
        createdAt: sql`now() - make_interval(days => ${ago})`,
      });
    }
  }
}
