import { and, asc, eq, isNull } from "drizzle-orm";
import { dailyLogs, photos } from "@db/schema";
import type { SubjectInfo } from "~/domains/photos/photo-subjects";
import type { PhotoView } from "~/domains/photos/photos.server";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { objectStorage, type ObjectStorage } from "~/utils/storage.server";
import { dailyLogPath } from "./daily-log-ui";

/**
 * A daily log as a photo subject (app/domains/photos/photo-subject-lookups.server.ts). A submitted
 * log still takes photos: they often reach the server after the log was submitted (uploaded from
 * the office, or replayed by the offline outbox), and a photo is timestamped evidence that changes
 * nothing typed in the log. The log page and the report mark them "added after submission".
 */
export async function dailyLogPhotoSubject(tx: Tx, id: string): Promise<SubjectInfo | null> {
  if (!isUuid(id)) return null;
  const [log] = await tx.select({ id: dailyLogs.id, projectId: dailyLogs.projectId, logDate: dailyLogs.logDate }).from(dailyLogs).where(eq(dailyLogs.id, id));
  return log ? { projectId: log.projectId, acceptsPhotos: true, label: `Daily log of ${log.logDate}`, href: dailyLogPath(log.projectId, log.id) } : null;
}

const LATE = "Added after submission";

/** The log's photos as the page shows them: those uploaded after the submission say so in their caption. */
export function markLatePhotos<P extends Pick<PhotoView, "caption" | "createdAt">>(list: P[], submittedAt: string | null): P[] {
  if (!submittedAt) return list;
  return list.map((p) => (p.createdAt > submittedAt ? { ...p, caption: p.caption ? `${LATE} · ${p.caption}` : LATE } : p));
}

/** The thumbnails of a log's photos for the daily report PDF (oldest first, as on the page). */
export async function reportPhotos(tx: Tx, logId: string, submittedAt: string | null, storage: ObjectStorage = objectStorage()) {
  const rows = await tx
    .select({ thumbKey: photos.thumbKey, caption: photos.caption, createdAt: photos.createdAt })
    .from(photos)
    .where(and(eq(photos.subjectKind, "daily_log"), eq(photos.subjectId, logId), isNull(photos.deletedAt)))
    .orderBy(asc(photos.createdAt), asc(photos.id))
    .limit(60);
  const marked = markLatePhotos(rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })), submittedAt);
  return Promise.all(marked.map(async (r) => ({ bytes: await storage.getBuffer(r.thumbKey), caption: r.caption })));
}
