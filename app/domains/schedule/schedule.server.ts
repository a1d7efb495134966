import { and, asc, eq, sql } from "drizzle-orm";
import { memberships, projectMilestones, users, vendors } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { isUniqueViolation } from "~/utils/pg-errors.server";
import { lockSchedule, predecessorIdsOf, PredecessorRefused, setPredecessors } from "./milestone-predecessors.server";
import type { MilestoneInput, UpdateMilestoneInput } from "./schedule.schema";

/** Input the schedule refuses, with the form field to show it on. */
export class MilestoneRefused extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

export class StaleMilestone extends Error {
  constructor() {
    super("Someone else changed this milestone meanwhile. Reload to see their changes, then try again.");
  }
}

const columns = {
  id: projectMilestones.id,
  projectId: projectMilestones.projectId,
  name: projectMilestones.name,
  baselineDate: projectMilestones.plannedDate,
  forecastDate: projectMilestones.forecastDate,
  startDate: projectMilestones.startDate,
  actualDate: projectMilestones.actualDate,
  vendorId: projectMilestones.vendorId,
  vendorName: vendors.name,
  responsibleUserId: projectMilestones.responsibleUserId,
  responsibleUserName: users.name,
  responsible: projectMilestones.responsible,
  notes: projectMilestones.notes,
  version: projectMilestones.version,
};

/** One milestone of the project, with its predecessors' ids (another project's or organization's: not found). */
export async function getMilestone(tx: Tx, projectId: string, milestoneId: string) {
  if (!isUuid(milestoneId)) throw new RecordNotFound("milestone");
  const [row] = await tx
    .select(columns)
    .from(projectMilestones)
    .leftJoin(vendors, eq(vendors.id, projectMilestones.vendorId))
    .leftJoin(users, eq(users.id, projectMilestones.responsibleUserId))
    .where(and(eq(projectMilestones.id, milestoneId), eq(projectMilestones.projectId, projectId)));
  if (!row) throw new RecordNotFound("milestone");
  return { ...row, predecessorIds: await predecessorIdsOf(tx, milestoneId) };
}

export type Milestone = Awaited<ReturnType<typeof getMilestone>>;

/** The choices of the milestone form: vendors, members and the project's other milestones. */
export async function milestoneFormOptions(tx: Tx, projectId: string, exceptId?: string) {
  const [vendorRows, memberRows, milestoneRows] = await Promise.all([
    tx.select({ value: vendors.id, label: vendors.name }).from(vendors).orderBy(asc(vendors.name)),
    tx.select({ value: users.id, label: users.name }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).orderBy(asc(users.name)),
    tx
      .select({ value: projectMilestones.id, label: projectMilestones.name, date: projectMilestones.plannedDate })
      .from(projectMilestones)
      .where(eq(projectMilestones.projectId, projectId))
      .orderBy(asc(projectMilestones.plannedDate), asc(projectMilestones.name)),
  ]);
  return { vendors: vendorRows, members: memberRows, milestones: milestoneRows.filter((m) => m.value !== exceptId) };
}

async function checkParties(tx: Tx, input: MilestoneInput) {
  if (input.vendorId) {
    const [vendor] = await tx.select({ id: vendors.id }).from(vendors).where(eq(vendors.id, input.vendorId));
    if (!vendor) throw new MilestoneRefused("Choose a vendor of this organization.", "vendorId");
  }
  if (input.responsibleUserId) {
    const [member] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, input.responsibleUserId));
    if (!member) throw new MilestoneRefused("Choose a member of this organization.", "responsibleUserId");
  }
}

const values = (input: MilestoneInput) => ({
  name: input.name,
  plannedDate: input.baselineDate,
  forecastDate: input.forecastDate ?? null,
  startDate: input.startDate ?? null,
  vendorId: input.vendorId ?? null,
  responsibleUserId: input.responsibleUserId ?? null,
  responsible: input.responsible,
  notes: input.notes,
});

const duplicateName = (name: string) => new MilestoneRefused(`This project already has a milestone named "${name}".`, "name");

async function assertNameFree(tx: Tx, projectId: string, name: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: projectMilestones.id })
    .from(projectMilestones)
    .where(and(eq(projectMilestones.projectId, projectId), eq(projectMilestones.name, name), exceptId ? sql`${projectMilestones.id} <> ${exceptId}` : undefined));
  if (taken) throw duplicateName(name);
}

/** Predecessor problems are shown on the predecessors field. */
async function withPredecessors(tx: Tx, projectId: string, milestoneId: string, ids: string[]) {
  try {
    return await setPredecessors(tx, projectId, milestoneId, ids);
  } catch (error) {
    if (error instanceof PredecessorRefused) throw new MilestoneRefused(error.message, "predecessorIds");
    throw error;
  }
}

export async function createMilestone(tx: Tx, projectId: string, input: MilestoneInput) {
  await lockSchedule(tx, projectId);
  await checkParties(tx, input);
  await assertNameFree(tx, projectId, input.name);
  let id: string;
  try {
    [{ id }] = await tx
      .insert(projectMilestones)
      .values({ organizationId: sql`${currentOrganizationId}`, projectId, ...values(input) })
      .returning({ id: projectMilestones.id });
  } catch (error) {
    if (isUniqueViolation(error, "project_milestones_org_project_name_key")) throw duplicateName(input.name);
    throw error;
  }
  await withPredecessors(tx, projectId, id, input.predecessorIds);
  const after = await getMilestone(tx, projectId, id);
  await recordAudit(tx, { entityType: "project_milestone", entityId: id, action: "created", after });
  return after;
}

/** Saves the milestone if nobody saved it since `version` was read (else StaleMilestone). */
export async function updateMilestone(tx: Tx, projectId: string, milestoneId: string, input: UpdateMilestoneInput) {
  await lockSchedule(tx, projectId);
  const before = await getMilestone(tx, projectId, milestoneId);
  await checkParties(tx, input);
  await assertNameFree(tx, projectId, input.name, milestoneId);
  await bumpVersion(tx, milestoneId, input.version, { ...values(input), actualDate: input.actualDate ?? null });
  await withPredecessors(tx, projectId, milestoneId, input.predecessorIds);
  const after = await getMilestone(tx, projectId, milestoneId);
  await recordAudit(tx, { entityType: "project_milestone", entityId: milestoneId, action: "updated", before, after });
  return after;
}

/** Records the day the milestone was reached. */
export async function markMilestoneDone(tx: Tx, projectId: string, milestoneId: string, input: { actualDate: string; version: number }) {
  const before = await getMilestone(tx, projectId, milestoneId);
  await bumpVersion(tx, milestoneId, input.version, { actualDate: input.actualDate });
  const after = await getMilestone(tx, projectId, milestoneId);
  await recordAudit(tx, { entityType: "project_milestone", entityId: milestoneId, action: "completed", before, after });
  return after;
}

/** Removes the milestone and its predecessor links (both ways). */
export async function deleteMilestone(tx: Tx, projectId: string, milestoneId: string, version: number) {
  await lockSchedule(tx, projectId);
  const before = await getMilestone(tx, projectId, milestoneId);
  const deleted = await tx
    .delete(projectMilestones)
    .where(and(eq(projectMilestones.id, milestoneId), eq(projectMilestones.version, version)))
    .returning({ id: projectMilestones.id });
  if (deleted.length === 0) throw new StaleMilestone();
  await recordAudit(tx, { entityType: "project_milestone", entityId: milestoneId, action: "deleted", before });
  return before;
}

async function bumpVersion(tx: Tx, milestoneId: string, version: number, set: Partial<typeof projectMilestones.$inferInsert>) {
  try {
    const updated = await tx
      .update(projectMilestones)
      .set({ ...set, version: sql`${projectMilestones.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(projectMilestones.id, milestoneId), eq(projectMilestones.version, version)))
      .returning({ id: projectMilestones.id });
    if (updated.length === 0) throw new StaleMilestone();
  } catch (error) {
    if (isUniqueViolation(error, "project_milestones_org_project_name_key")) throw duplicateName(String(set.name));
    throw error;
  }
}
