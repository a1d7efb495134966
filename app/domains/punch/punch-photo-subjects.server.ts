import { eq } from "drizzle-orm";
import { observations, punchItems } from "@db/schema";
import type { SubjectInfo } from "~/domains/photos/photo-subjects";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { observationNumber, punchNumber } from "./punch.schema";

/** A punch item as a photo subject: before photos while open, after photos until it is closed. */
export async function punchItemPhotoSubject(tx: Tx, id: string): Promise<SubjectInfo | null> {
  if (!isUuid(id)) return null;
  const [item] = await tx.select({ projectId: punchItems.projectId, number: punchItems.number, title: punchItems.title, status: punchItems.status }).from(punchItems).where(eq(punchItems.id, id));
  if (!item) return null;
  return { projectId: item.projectId, acceptsPhotos: item.status !== "closed", label: `${punchNumber(item.number)} · ${item.title}`, href: `/projects/${item.projectId}/punch/${id}` };
}

/** An observation as a photo subject: photos while it is open. */
export async function observationPhotoSubject(tx: Tx, id: string): Promise<SubjectInfo | null> {
  if (!isUuid(id)) return null;
  const [o] = await tx.select({ projectId: observations.projectId, number: observations.number, status: observations.status }).from(observations).where(eq(observations.id, id));
  if (!o) return null;
  return { projectId: o.projectId, acceptsPhotos: o.status === "open", label: `Observation ${observationNumber(o.number)}`, href: `/projects/${o.projectId}/observations/${id}` };
}
