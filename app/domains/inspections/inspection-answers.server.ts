import { and, asc, eq, sql } from "drizzle-orm";
import { checklistItems, checklistSections, inspectionAnswers, inspections } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { raiseForFailedAnswer, raisedLabels } from "./inspection-failures.server";
import { INSPECTION_STATUS_LABELS } from "./inspection-labels";
import type { AnswerInput } from "./inspections.schema";
import { findInspection, InspectionRefused, STALE_INSPECTION, type Inspection } from "./inspections.server";

const org = sql`${currentOrganizationId}`;

/** The inspection's checklist (its own template version) with the answers given so far. */
export async function inspectionChecklist(tx: Tx, inspection: Pick<Inspection, "id" | "templateVersionId">) {
  const [sections, rows] = await Promise.all([
    tx.select().from(checklistSections).where(eq(checklistSections.versionId, inspection.templateVersionId)).orderBy(asc(checklistSections.position)),
    tx
      .select({ item: checklistItems, answer: inspectionAnswers })
      .from(checklistItems)
      .leftJoin(inspectionAnswers, and(eq(inspectionAnswers.itemId, checklistItems.id), eq(inspectionAnswers.inspectionId, inspection.id)))
      .where(eq(checklistItems.versionId, inspection.templateVersionId))
      .orderBy(asc(checklistItems.position)),
  ]);
  const raised = await raisedLabels(tx, rows.flatMap((r) => (r.answer ? [r.answer] : [])));
  const items = rows.map(({ item, answer }) => ({ ...item, answer: answer ? { ...answer, raised: raised.get(answer.id) ?? null } : null }));
  return sections.map((section) => ({ ...section, items: items.filter((item) => item.sectionId === section.id) }));
}
export type InspectionChecklist = Awaited<ReturnType<typeof inspectionChecklist>>;

/** The inspection locked for a change, refused when it is completed or the form was read at another version. */
async function editable(tx: Tx, projectId: string, inspectionId: string, version: number) {
  const inspection = await findInspection(tx, projectId, inspectionId, { lock: true });
  if (inspection.status !== "in_progress")
    throw new InspectionRefused(`${inspection.label} is ${INSPECTION_STATUS_LABELS[inspection.status].toLowerCase()} and signed: it cannot change.`);
  if (inspection.version !== version) throw new InspectionRefused(STALE_INSPECTION);
  return inspection;
}

/**
 * Saves the posted answers (a whole checklist or one section; items posted without a result stay
 * as they are). An answer saved as Fail raises a punch item or an observation (per the item's
 * on_fail) in this transaction, once: the answer keeps the link, so failing it again raises
 * nothing new, and turning it to Pass or N/A leaves the raised item open and linked (it is closed
 * on the punch list, by whoever checks the work).
 */
export async function saveAnswers(tx: Tx, input: { projectId: string; inspectionId: string; version: number; answers: AnswerInput[] }) {
  const inspection = await editable(tx, input.projectId, input.inspectionId, input.version);
  const items = await tx.select().from(checklistItems).where(eq(checklistItems.versionId, inspection.templateVersionId));
  const byId = new Map(items.map((item) => [item.id, item]));
  const posted = input.answers.filter((a) => a.result !== undefined);
  if (posted.some((a) => !byId.has(a.itemId))) throw new InspectionRefused("An answered item is not on this inspection's checklist. Reload the page.");
  if (new Set(posted.map((a) => a.itemId)).size !== posted.length) throw new InspectionRefused("An item was answered twice in one post.");
  const changed = [];
  for (const answer of posted) {
    const [saved] = await tx
      .insert(inspectionAnswers)
      .values({ organizationId: org, inspectionId: inspection.id, itemId: answer.itemId, result: answer.result!, note: answer.note, answeredBy: sql`nullif(current_setting('app.user_id', true), '')::uuid` })
      .onConflictDoUpdate({
        target: [inspectionAnswers.organizationId, inspectionAnswers.inspectionId, inspectionAnswers.itemId],
        set: { result: sql`excluded.result`, note: sql`excluded.note`, answeredBy: sql`excluded.answered_by`, answeredAt: sql`now()` },
        setWhere: sql`(${inspectionAnswers.result}, ${inspectionAnswers.note}) is distinct from (excluded.result, excluded.note)`,
      })
      .returning();
    if (saved) changed.push(saved);
  }
  const raised = [];
  for (const answer of changed)
    if (answer.result === "fail" && !answer.punchItemId && !answer.observationId)
      raised.push(await raiseForFailedAnswer(tx, { inspection, item: byId.get(answer.itemId)!, answer }));
  const [after] = await tx
    .update(inspections)
    .set({ version: sql`${inspections.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(inspections.id, inspection.id), eq(inspections.version, input.version)))
    .returning();
  if (!after) throw new InspectionRefused(STALE_INSPECTION);
  if (changed.length)
    await recordAudit(tx, {
      entityType: "inspection",
      entityId: inspection.id,
      action: "answers_saved",
      after: { answers: changed.map((a) => ({ itemId: a.itemId, result: a.result, note: a.note })), raised: raised.map((r) => r.label) },
    });
  return { inspection: after, changed: changed.length, raised };
}

/** Saves the posted answers, then signs (typed name, date) and locks the inspection: every required item must be answered. */
export async function completeInspection(
  tx: Tx,
  input: { projectId: string; inspectionId: string; version: number; answers: AnswerInput[]; signedName: string; signedAt: string; userId: string },
) {
  const { inspection, raised } = await saveAnswers(tx, input);
  const missing = await tx
    .select({ prompt: checklistItems.prompt })
    .from(checklistItems)
    .leftJoin(inspectionAnswers, and(eq(inspectionAnswers.itemId, checklistItems.id), eq(inspectionAnswers.inspectionId, inspection.id)))
    .where(and(eq(checklistItems.versionId, inspection.templateVersionId), eq(checklistItems.required, true), sql`${inspectionAnswers.id} is null`))
    .orderBy(asc(checklistItems.position));
  if (missing.length)
    throw new InspectionRefused(
      `Answer every required item before completing: ${missing.length} left (${missing.slice(0, 3).map((m) => `“${m.prompt}”`).join(", ")}${missing.length > 3 ? ", …" : ""}).`,
    );
  const [completed] = await tx
    .update(inspections)
    .set({
      status: "completed",
      signedName: input.signedName,
      signedAt: input.signedAt,
      completedBy: input.userId,
      completedAt: sql`now()`,
      version: sql`${inspections.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(inspections.id, inspection.id), eq(inspections.version, inspection.version), eq(inspections.status, "in_progress")))
    .returning();
  if (!completed) throw new InspectionRefused(STALE_INSPECTION);
  await recordAudit(tx, { entityType: "inspection", entityId: inspection.id, action: "completed", before: inspection, after: completed });
  return { inspection: completed, raised };
}
