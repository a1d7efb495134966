import { eq, inArray, sql } from "drizzle-orm";
import { inspectionAnswers, observations, punchItems } from "@db/schema";
import { observationNumber, punchNumber } from "~/domains/punch/punch.schema";
import { createObservation, createPunchItem } from "~/domains/punch/punch.server";
import type { Tx } from "~/utils/db.server";
import type { Inspection } from "./inspections.server";

type Answer = typeof inspectionAnswers.$inferSelect;
type Item = { id: string; prompt: string; onFail: "punch_item" | "observation" };

/** What a failed answer raised, as its page links to it. */
export type Raised = { kind: "punch_item" | "observation"; id: string; label: string; href: string; status: string };

const title = (prompt: string) => (prompt.length >= 2 ? prompt : `Failed: ${prompt}`).slice(0, 200);

/**
 * Raises the punch item or observation of a failed answer through the punch service (same
 * transaction) and links it to the answer, so it is raised once.
 */
export async function raiseForFailedAnswer(tx: Tx, { inspection, item, answer }: { inspection: Inspection; item: Item; answer: Answer }): Promise<Raised> {
  const source = { kind: "inspection_answer" as const, id: answer.id };
  const context = `Failed on inspection ${inspection.label} (${inspection.templateName} v${inspection.versionNumber}): ${answer.note}`;
  if (item.onFail === "observation") {
    const created = await createObservation(tx, {
      projectId: inspection.projectId,
      kind: inspection.templateKind,
      description: `${item.prompt}. ${context}`.slice(0, 4000),
      location: inspection.location,
      source,
    });
    await tx.update(inspectionAnswers).set({ observationId: created.id }).where(eq(inspectionAnswers.id, answer.id));
    return { kind: "observation", id: created.id, label: observationNumber(created.number), href: `/projects/${created.projectId}/observations/${created.id}`, status: created.status };
  }
  const created = await createPunchItem(tx, {
    projectId: inspection.projectId,
    title: title(item.prompt),
    description: context.slice(0, 4000),
    location: inspection.location,
    source,
  });
  await tx.update(inspectionAnswers).set({ punchItemId: created.id }).where(eq(inspectionAnswers.id, answer.id));
  return { kind: "punch_item", id: created.id, label: punchNumber(created.number), href: `/projects/${created.projectId}/punch/${created.id}`, status: created.status };
}

/** The punch item or observation each answer raised, by answer id. */
export async function raisedLabels(tx: Tx, answers: Pick<Answer, "id" | "punchItemId" | "observationId">[]) {
  const punchIds = answers.flatMap((a) => (a.punchItemId ? [a.punchItemId] : []));
  const observationIds = answers.flatMap((a) => (a.observationId ? [a.observationId] : []));
  const [punch, observed] = await Promise.all([
    punchIds.length
      ? tx.select({ id: punchItems.id, number: punchItems.number, projectId: punchItems.projectId, status: punchItems.status }).from(punchItems).where(inArray(punchItems.id, punchIds))
      : [],
    observationIds.length
      ? tx
          .select({ id: observations.id, number: observations.number, projectId: observations.projectId, status: sql<string>`${observations.status}` })
          .from(observations)
          .where(inArray(observations.id, observationIds))
      : [],
  ]);
  const raised = new Map<string, Raised>();
  for (const a of answers) {
    const p = punch.find((r) => r.id === a.punchItemId);
    const o = observed.find((r) => r.id === a.observationId);
    if (p) raised.set(a.id, { kind: "punch_item", id: p.id, label: punchNumber(p.number), href: `/projects/${p.projectId}/punch/${p.id}`, status: p.status });
    else if (o) raised.set(a.id, { kind: "observation", id: o.id, label: observationNumber(o.number), href: `/projects/${o.projectId}/observations/${o.id}`, status: o.status });
  }
  return raised;
}
