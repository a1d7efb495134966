import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { checklistItems, inspectionAnswers, inspections, ncrs, projects, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { inspectionNumber, NCR_STATUS_LABELS, ncrNumber } from "./inspection-labels";
import type { NcrPageInput, NewNcrInput } from "./ncrs.schema";

/** A business refusal (wrong step, stale version, not a failed answer): 409 with this message. */
export class NcrRefused extends Error {
  constructor(message: string, readonly field: string = "") {
    super(message);
  }
}

const STALE = "Someone else changed this report meanwhile. Reload it and try again.";
type NcrStatus = keyof typeof NCR_STATUS_LABELS;

import { ncrPathOf } from "./inspection-paths";
export const ncrPath = ncrPathOf;

/** A failed answer of an inspection of this project, as the new NCR form starts from it (RecordNotFound otherwise). */
export async function failedAnswer(tx: Tx, projectId: string, answerId: string) {
  if (!isUuid(answerId) || !isUuid(projectId)) throw new RecordNotFound("failed inspection item");
  const [row] = await tx
    .select({ id: inspectionAnswers.id, note: inspectionAnswers.note, prompt: checklistItems.prompt, inspectionId: inspections.id, number: inspections.number, location: inspections.location })
    .from(inspectionAnswers)
    .innerJoin(inspections, eq(inspections.id, inspectionAnswers.inspectionId))
    .innerJoin(checklistItems, eq(checklistItems.id, inspectionAnswers.itemId))
    .where(and(eq(inspectionAnswers.id, answerId), eq(inspections.projectId, projectId), eq(inspectionAnswers.result, "fail")));
  if (!row) throw new RecordNotFound("failed inspection item");
  return { ...row, inspectionLabel: inspectionNumber(row.number) };
}

/** Opens an NCR with the project's next number (the project row locked first, so numbers never collide). */
export async function createNcr(tx: Tx, projectId: string, input: Omit<NewNcrInput, "intent">, userId: string) {
  const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, projectId)).for("no key update");
  if (!project) throw new RecordNotFound("project");
  let inspectionId: string | null = null;
  if (input.answerId) {
    try {
      inspectionId = (await failedAnswer(tx, project.id, input.answerId)).inspectionId;
    } catch (error) {
      if (error instanceof RecordNotFound) throw new NcrRefused("Choose a failed item of an inspection of this project.", "answerId");
      throw error;
    }
  }
  const [created] = await tx
    .insert(ncrs)
    .values({
      organizationId: sql`${currentOrganizationId}`,
      projectId: project.id,
      number: sql`(select coalesce(max(number), 0) + 1 from ncrs where project_id = ${project.id})`,
      inspectionId,
      answerId: input.answerId ?? null,
      title: input.title,
      description: input.description,
      location: input.location,
      raisedBy: userId,
    })
    .returning();
  await recordAudit(tx, { entityType: "ncr", entityId: created.id, action: "created", after: created });
  return created;
}

const raiser = alias(users, "raiser");
const closer = alias(users, "closer");

export async function findNcr(tx: Tx, projectId: string, ncrId: string) {
  if (!isUuid(ncrId) || !isUuid(projectId)) throw new RecordNotFound("non-conformance report");
  const [row] = await tx
    .select({ ncr: ncrs, inspectionNumber: inspections.number, prompt: checklistItems.prompt, raisedByName: raiser.name, closedByName: closer.name })
    .from(ncrs)
    .leftJoin(inspections, eq(inspections.id, ncrs.inspectionId))
    .leftJoin(inspectionAnswers, eq(inspectionAnswers.id, ncrs.answerId))
    .leftJoin(checklistItems, eq(checklistItems.id, inspectionAnswers.itemId))
    .leftJoin(raiser, eq(raiser.id, ncrs.raisedBy))
    .leftJoin(closer, eq(closer.id, ncrs.closedBy))
    .where(and(eq(ncrs.id, ncrId), eq(ncrs.projectId, projectId)));
  if (!row) throw new RecordNotFound("non-conformance report");
  const { ncr, inspectionNumber: n, ...rest } = row;
  return { ...ncr, ...rest, label: ncrNumber(ncr.number), inspectionLabel: n === null ? null : inspectionNumber(n) };
}
export type Ncr = Awaited<ReturnType<typeof findNcr>>;

/** The step each intent takes: from which status to which. */
const STEPS: Record<NcrPageInput["intent"], { from: NcrStatus[]; to: NcrStatus | null; action: string }> = {
  update: { from: ["open", "corrective_action", "verified"], to: null, action: "updated" },
  corrective_action: { from: ["open"], to: "corrective_action", action: "corrective_action" },
  verify: { from: ["corrective_action"], to: "verified", action: "verified" },
  close: { from: ["verified"], to: "closed", action: "closed" },
};

/** Edits the report or takes its next step (open → corrective action → verified → closed), guarded by status and version, audited. */
export async function changeNcr(tx: Tx, projectId: string, ncrId: string, input: NcrPageInput, userId: string) {
  const before = await findNcr(tx, projectId, ncrId);
  const step = STEPS[input.intent];
  if (!step.from.includes(before.status))
    throw new NcrRefused(`${before.label} is ${NCR_STATUS_LABELS[before.status].toLowerCase()}, which does not allow this.`);
  if (before.version !== input.version) throw new NcrRefused(STALE);
  const { intent: _intent, version: _version, ...fields } = input;
  const set = {
    ...fields,
    ...(step.to ? { status: step.to } : {}),
    ...(step.to === "closed" ? { closedBy: userId, closedAt: sql`now()` } : {}),
  };
  const [after] = await tx
    .update(ncrs)
    .set({ ...set, version: sql`${ncrs.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(ncrs.id, before.id), eq(ncrs.version, input.version), eq(ncrs.status, before.status)))
    .returning();
  if (!after) throw new NcrRefused(STALE);
  await recordAudit(tx, { entityType: "ncr", entityId: after.id, action: step.action, before, after });
  return after;
}

/** The NCRs raised from an inspection's answers, by answer id. */
export async function ncrsByAnswer(tx: Tx, inspectionId: string) {
  const rows = await tx
    .select({ id: ncrs.id, projectId: ncrs.projectId, number: ncrs.number, answerId: ncrs.answerId, status: ncrs.status })
    .from(ncrs)
    .where(eq(ncrs.inspectionId, inspectionId));
  const map = new Map<string, { id: string; label: string; href: string; status: NcrStatus }[]>();
  for (const r of rows) if (r.answerId) map.set(r.answerId, [...(map.get(r.answerId) ?? []), { id: r.id, label: ncrNumber(r.number), href: ncrPath(r), status: r.status }]);
  return map;
}
