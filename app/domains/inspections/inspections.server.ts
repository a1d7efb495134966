import { and, eq, sql } from "drizzle-orm";
import { checklistTemplates, checklistTemplateVersions, inspections, projectMilestones, projects, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { inspectionNumber } from "./inspection-labels";
import type { NewInspectionInput } from "./inspections.schema";

/** A business refusal (not published, locked, stale, unanswered required items…): 409 with this message. */
export class InspectionRefused extends Error {
  constructor(message: string, readonly field: string = "") {
    super(message);
  }
}

export const STALE_INSPECTION = "Someone else saved this inspection meanwhile. Reload it and try again.";
const org = sql`${currentOrganizationId}`;

import { inspectionPath } from "./inspection-paths";
export { inspectionPath };

/** The choices of the new inspection form: the project's milestones. */
export async function projectMilestoneChoices(tx: Tx, projectId: string) {
  return tx
    .select({ id: projectMilestones.id, name: projectMilestones.name })
    .from(projectMilestones)
    .where(eq(projectMilestones.projectId, projectId))
    .orderBy(projectMilestones.name);
}

/**
 * Starts an inspection of the project on a published checklist version, numbered after the
 * project's last (the project row is locked first so concurrent starts take numbers in turn).
 */
export async function createInspection(tx: Tx, projectId: string, input: Omit<NewInspectionInput, "intent">, userId: string) {
  const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("no key update");
  if (!project) throw new RecordNotFound("project");
  const [version] = await tx
    .select({ id: checklistTemplateVersions.id, status: checklistTemplateVersions.status, name: checklistTemplates.name, archived: checklistTemplates.archived })
    .from(checklistTemplateVersions)
    .innerJoin(checklistTemplates, eq(checklistTemplates.id, checklistTemplateVersions.templateId))
    .where(eq(checklistTemplateVersions.id, input.templateVersionId));
  if (!version || version.status !== "published" || version.archived)
    throw new InspectionRefused("Choose a published checklist.", "templateVersionId");
  if (input.milestoneId) {
    const [milestone] = await tx
      .select({ id: projectMilestones.id })
      .from(projectMilestones)
      .where(and(eq(projectMilestones.id, input.milestoneId), eq(projectMilestones.projectId, project.id)));
    if (!milestone) throw new InspectionRefused("Choose one of this project's milestones.", "milestoneId");
  }
  const [created] = await tx
    .insert(inspections)
    .values({
      organizationId: org,
      projectId: project.id,
      number: sql`(select coalesce(max(number), 0) + 1 from inspections where project_id = ${project.id})`,
      templateVersionId: version.id,
      title: input.title || version.name,
      location: input.location,
      milestoneId: input.milestoneId ?? null,
      inspectorId: userId,
      inspectedOn: input.inspectedOn,
    })
    .returning();
  await recordAudit(tx, { entityType: "inspection", entityId: created.id, action: "created", after: created });
  return created;
}

/** The inspection's header with its checklist, project, milestone, inspector and signer (RecordNotFound if not in this project). */
export async function findInspection(tx: Tx, projectId: string, inspectionId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(inspectionId) || !isUuid(projectId)) throw new RecordNotFound("inspection");
  const query = tx
    .select({
      inspection: inspections,
      templateId: checklistTemplates.id,
      templateName: checklistTemplates.name,
      templateKind: checklistTemplates.kind,
      versionNumber: checklistTemplateVersions.versionNumber,
      milestone: projectMilestones.name,
      inspector: users.name,
    })
    .from(inspections)
    .innerJoin(checklistTemplateVersions, eq(checklistTemplateVersions.id, inspections.templateVersionId))
    .innerJoin(checklistTemplates, eq(checklistTemplates.id, checklistTemplateVersions.templateId))
    .leftJoin(projectMilestones, eq(projectMilestones.id, inspections.milestoneId))
    .leftJoin(users, eq(users.id, inspections.inspectorId))
    .where(and(eq(inspections.id, inspectionId), eq(inspections.projectId, projectId)));
  const [row] = options.lock ? await query.for("no key update", { of: inspections }) : await query;
  if (!row) throw new RecordNotFound("inspection");
  const { inspection, ...rest } = row;
  return { ...inspection, ...rest, label: inspectionNumber(inspection.number) };
}
export type Inspection = Awaited<ReturnType<typeof findInspection>>;
