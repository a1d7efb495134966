import { and, eq } from "drizzle-orm";
import { checklistItems, inspectionAnswers, inspections, ncrs } from "@db/schema";
import type { SubjectInfo } from "~/domains/photos/photo-subjects";
import { listPhotos } from "~/domains/photos/photos.server";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { inspectionNumber, ncrNumber } from "./inspection-labels";
import type { InspectionChecklist } from "./inspection-answers.server";
import { inspectionPath, ncrPathOf } from "./inspection-paths";

/** A failed answer as a photo subject (the photo registry's lookup): it takes photos while it is a Fail. */
export async function inspectionAnswerSubject(tx: Tx, id: string): Promise<SubjectInfo | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx
    .select({ result: inspectionAnswers.result, prompt: checklistItems.prompt, inspectionId: inspections.id, projectId: inspections.projectId, number: inspections.number })
    .from(inspectionAnswers)
    .innerJoin(inspections, eq(inspections.id, inspectionAnswers.inspectionId))
    .innerJoin(checklistItems, eq(checklistItems.id, inspectionAnswers.itemId))
    .where(eq(inspectionAnswers.id, id));
  if (!row) return null;
  return { projectId: row.projectId, acceptsPhotos: row.result === "fail", label: `${inspectionNumber(row.number)} · ${row.prompt}`, href: inspectionPath({ projectId: row.projectId, id: row.inspectionId }) };
}

/** An NCR as a photo subject: it takes photos until it is closed. */
export async function ncrSubject(tx: Tx, id: string): Promise<SubjectInfo | null> {
  if (!isUuid(id)) return null;
  const [row] = await tx.select({ id: ncrs.id, projectId: ncrs.projectId, number: ncrs.number, title: ncrs.title, status: ncrs.status }).from(ncrs).where(and(eq(ncrs.id, id)));
  if (!row) return null;
  return { projectId: row.projectId, acceptsPhotos: row.status !== "closed", label: `${ncrNumber(row.number)} · ${row.title}`, href: ncrPathOf(row) };
}

/** The photos of every failed answer of an inspection, by answer id. */
export async function failedAnswerPhotos(tx: Tx, sections: InspectionChecklist) {
  const failed = sections.flatMap((s) => s.items.flatMap((i) => (i.answer?.result === "fail" ? [{ id: i.answer.id, prompt: i.prompt }] : [])));
  return Promise.all(failed.map(async (a) => ({ ...a, photos: await listPhotos(tx, { kind: "inspection_answer", id: a.id }) })));
}
