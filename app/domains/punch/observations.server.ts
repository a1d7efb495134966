/**
 * Observations' own lifecycle: open → closed with the corrective action taken, and "convert to
 * punch item" (the item records the observation as its source; the observation links to the item).
 * Creation is createObservation in punch.server.ts.
 */
import { and, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { observations, punchItems, users, vendors } from "@db/schema";
import { recordAudit } from "~/utils/audit.server";
import type { TableQuery } from "~/utils/data-table";
import { queryTable, serverTable } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { observationNumber, punchNumber, type PunchPriority } from "./punch.schema";
import { createPunchItem, currentUserId, PunchConflict } from "./punch.server";
import { observationsTable } from "./punch.table";

const STALE_OBSERVATION = "Someone else changed this observation meanwhile. Reload it and try again.";
const assignee = alias(users, "assignee");
const closer = alias(users, "closer");

export async function getObservation(tx: Tx, projectId: string, observationId: string) {
  if (!isUuid(observationId)) throw new RecordNotFound("observation");
  const [row] = await tx
    .select({ observation: observations, vendorName: vendors.name, assigneeName: assignee.name, closedByName: closer.name, punchNumber: punchItems.number })
    .from(observations)
    .leftJoin(vendors, eq(vendors.id, observations.vendorId))
    .leftJoin(assignee, eq(assignee.id, observations.assigneeUserId))
    .leftJoin(closer, eq(closer.id, observations.closedBy))
    .leftJoin(punchItems, eq(punchItems.id, observations.punchItemId))
    .where(and(eq(observations.id, observationId), eq(observations.projectId, projectId)));
  if (!row) throw new RecordNotFound("observation");
  return { ...row.observation, vendorName: row.vendorName, assigneeName: row.assigneeName, closedByName: row.closedByName, punchNumber: row.punchNumber };
}

async function guardObservation(tx: Tx, projectId: string, observationId: string, version: number) {
  const before = await getObservation(tx, projectId, observationId);
  if (before.version !== version) throw new PunchConflict(STALE_OBSERVATION);
  return before;
}

/** Open → closed with what was done about it. */
export async function closeObservation(tx: Tx, input: { projectId: string; observationId: string; version: number; correctiveAction: string }) {
  const before = await guardObservation(tx, input.projectId, input.observationId, input.version);
  if (before.status === "closed") throw new PunchConflict(`${observationNumber(before.number)} is already closed.`);
  const [after] = await tx
    .update(observations)
    .set({ status: "closed", correctiveAction: input.correctiveAction, closedBy: sql`${currentUserId}`, closedAt: sql`now()`, version: sql`${observations.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(observations.id, before.id), eq(observations.version, input.version), eq(observations.status, "open")))
    .returning();
  if (!after) throw new PunchConflict(STALE_OBSERVATION);
  await recordAudit(tx, { entityType: "observation", entityId: after.id, action: "closed", before, after });
  return after;
}

const PRIORITY_OF_SEVERITY: Record<string, PunchPriority> = { low: "low", medium: "normal", high: "high", critical: "critical" };

/** A punch item for the follow-up of an open observation (once); the observation links to it. */
export async function convertObservation(tx: Tx, input: { projectId: string; observationId: string; version: number }) {
  const before = await guardObservation(tx, input.projectId, input.observationId, input.version);
  if (before.punchItemId) throw new PunchConflict(`${observationNumber(before.number)} was already converted to punch item ${punchNumber(before.punchNumber ?? 0)}.`);
  if (before.status === "closed") throw new PunchConflict(`${observationNumber(before.number)} is closed: there is nothing left to follow up.`);
  const firstLine = before.description.split(/\r?\n/)[0].trim();
  const item = await createPunchItem(tx, {
    projectId: before.projectId,
    title: firstLine.length > 200 ? `${firstLine.slice(0, 197)}…` : firstLine,
    description: `From observation ${observationNumber(before.number)}: ${before.description}`.slice(0, 4000),
    location: before.location,
    vendorId: before.vendorId ?? undefined,
    assigneeUserId: before.assigneeUserId ?? undefined,
    dueDate: before.dueDate ?? undefined,
    priority: PRIORITY_OF_SEVERITY[before.severity],
    source: { kind: "observation", id: before.id },
  });
  const [after] = await tx
    .update(observations)
    .set({ punchItemId: item.id, version: sql`${observations.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(observations.id, before.id), eq(observations.version, input.version)))
    .returning();
  if (!after) throw new PunchConflict(STALE_OBSERVATION);
  await recordAudit(tx, { entityType: "observation", entityId: after.id, action: "converted", before, after });
  return { observation: after, item };
}

/** A project's observations (the list page's table, filters and sort from the URL). */
export async function listObservations(tx: Tx, projectId: string, query: TableQuery) {
  const table = serverTable(observationsTable, {
    from: sql`observations o left join vendors v on v.id = o.vendor_id left join punch_items pi on pi.id = o.punch_item_id`,
    where: sql`o.project_id = ${projectId}`,
    columns: {
      number: sql`('O-' || lpad(o.number::text, 3, '0')) collate "numeric_text"`,
      kind: sql`o.kind`,
      severity: sql`o.severity`,
      description: sql`o.description`,
      location: sql`o.location`,
      vendor: sql`v.name`,
      status: sql`o.status`,
      dueDate: sql`o.due_date`,
      punchItem: sql`'P-' || lpad(pi.number::text, 3, '0')`,
    },
    id: sql`o.id`,
    extra: {
      href: sql`'/projects/' || o.project_id || '/observations/' || o.id`,
      punchHref: sql`case when pi.id is not null then '/projects/' || o.project_id || '/punch/' || pi.id end`,
    },
  });
  return queryTable(tx, table, query);
}
