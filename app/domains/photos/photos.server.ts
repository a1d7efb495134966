import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { PgInsertValue } from "drizzle-orm/pg-core";
import { photos, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { objectStorage, type ObjectStorage } from "~/utils/storage.server";
import type { UploadedFile } from "~/utils/uploads.server";
import { PhotoRefused, processImage } from "./photo-image.server";
import { PHOTO_SUBJECT_LOOKUPS } from "./photo-subject-lookups.server";
import { PHOTO_CAPTION_MAX, PHOTO_MAX_FILE_BYTES, PHOTO_MAX_FILES, PHOTO_SUBJECT_LABELS, type PhotoStage, type PhotoSubject, type SubjectInfo } from "./photo-subjects";

export { PhotoRefused };

export type PhotoRow = typeof photos.$inferSelect;

export interface StorePhotosInput {
  organizationId: string;
  projectId: string;
  subject: PhotoSubject;
  stage?: PhotoStage | null;
  /** One caption per file, by position; a single caption is used for every file. */
  captions: string[];
  files: readonly UploadedFile[];
  /** The organization keeps GPS positions (organizations.keep_photo_gps); see keepsPhotoGps. */
  keepGps: boolean;
  uploadedBy: string | null;
  /** Storage keys written so far are pushed here, so the caller can delete them if its transaction fails. */
  written?: string[];
  storage?: ObjectStorage;
}

/** Whether the organization of the transaction keeps photos' GPS positions. */
export async function keepsPhotoGps(tx: Tx): Promise<boolean> {
  const rows = await tx.execute<{ keep: boolean }>(sql`select keep_photo_gps as keep from organizations where id = ${currentOrganizationId}`);
  return Boolean(rows.rows[0]?.keep);
}

/** The subject the upload names, checked: a kind that takes photos, in this organization, on this project. */
export async function resolvePhotoSubject(tx: Tx, projectId: string, subject: PhotoSubject): Promise<SubjectInfo> {
  const lookup = PHOTO_SUBJECT_LOOKUPS[subject.kind];
  if (!lookup) throw new PhotoRefused(`Photos cannot be added to a ${PHOTO_SUBJECT_LABELS[subject.kind].toLowerCase()} yet.`);
  const id = subject.kind === "project" ? projectId : subject.id;
  if (!isUuid(id)) throw new PhotoRefused(`Name the ${PHOTO_SUBJECT_LABELS[subject.kind].toLowerCase()} the photos belong to.`);
  if (subject.kind === "project" && subject.id && subject.id !== projectId) throw new PhotoRefused("That project does not exist here.", 404);
  const info = await lookup(tx, id);
  if (!info || info.projectId !== projectId) throw new PhotoRefused(`That ${PHOTO_SUBJECT_LABELS[subject.kind].toLowerCase()} does not exist on this project.`, 404);
  if (!info.acceptsPhotos) throw new PhotoRefused(`${info.label} no longer takes photos.`);
  return info;
}

/** Deletes stored objects, best effort (used when the transaction that referenced them failed). */
export async function deleteStoredPhotoKeys(keys: readonly string[], storage: ObjectStorage = objectStorage()) {
  await Promise.allSettled(keys.map((key) => storage.delete(key)));
}

/**
 * Checks the subject and the files, then makes each file safe (photo-image.server.ts), writes its
 * bytes and thumbnail to storage and inserts the rows with one audit row each. Files are refused
 * all together (PhotoRefused) before anything is written when the count or a size is over the limit;
 * a file that turns out not to be an image refuses the post and deletes what was written.
 */
export async function processAndStorePhotos(tx: Tx, input: StorePhotosInput): Promise<PhotoRow[]> {
  const { files, projectId, organizationId } = input;
  if (files.length === 0) throw new PhotoRefused("Choose at least one photo.");
  if (files.length > PHOTO_MAX_FILES) throw new PhotoRefused(`At most ${PHOTO_MAX_FILES} photos can be added at once (${files.length} were sent).`, 413);
  const tooBig = files.find((file) => file.size > PHOTO_MAX_FILE_BYTES);
  if (tooBig) throw new PhotoRefused(`"${tooBig.filename}" is larger than ${PHOTO_MAX_FILE_BYTES / 1024 / 1024} MB, the most a photo may be.`, 413);
  const captions = input.captions.map((caption) => caption.trim());
  if (captions.some((caption) => caption.length > PHOTO_CAPTION_MAX)) throw new PhotoRefused(`A caption may have at most ${PHOTO_CAPTION_MAX} characters.`);
  await resolvePhotoSubject(tx, projectId, input.subject);
  const storage = input.storage ?? objectStorage();
  const written = input.written ?? [];
  const ownWrites: string[] = [];
  const values: PgInsertValue<typeof photos>[] = [];
  try {
    for (const [index, file] of files.entries()) {
      const image = await processImage(file.path, file.filename || `photo ${index + 1}`);
      const id = randomUUID();
      const storageKey = `photos/${organizationId}/${projectId}/${id}.jpg`;
      const thumbKey = `photos/${organizationId}/${projectId}/${id}-thumb.jpg`;
      for (const [key, body] of [[storageKey, image.full], [thumbKey, image.thumb]] as const) {
        written.push(key);
        ownWrites.push(key);
        await storage.put(key, body, "image/jpeg");
      }
      values.push({
        id,
        organizationId,
        projectId,
        subjectKind: input.subject.kind,
        subjectId: input.subject.kind === "project" ? null : input.subject.id,
        stage: input.stage ?? null,
        caption: captions[index] ?? (captions.length === 1 ? captions[0] : ""),
        takenAt: image.takenAt,
        width: image.width,
        height: image.height,
        bytes: image.full.length,
        contentType: "image/jpeg",
        storageKey,
        thumbKey,
        gpsLatitude: input.keepGps ? (image.gps?.latitude ?? null) : null,
        gpsLongitude: input.keepGps ? (image.gps?.longitude ?? null) : null,
        uploadedBy: input.uploadedBy,
        // per row, in file order: the photos of one post keep the order they were chosen in
        createdAt: sql`clock_timestamp()`,
      });
    }
    const rows = await tx.insert(photos).values(values).returning();
    for (const row of rows) {
      await recordAudit(tx, { entityType: "photo", entityId: row.id, action: "upload", after: auditedPhoto(row) });
    }
    return rows;
  } catch (error) {
    await deleteStoredPhotoKeys(ownWrites, storage);
    throw error;
  }
}

const auditedPhoto = (row: PhotoRow) => ({
  projectId: row.projectId,
  subjectKind: row.subjectKind,
  subjectId: row.subjectId,
  stage: row.stage,
  caption: row.caption,
  width: row.width,
  height: row.height,
  bytes: row.bytes,
  hasGps: row.gpsLatitude !== null,
});

export interface PhotoView {
  id: string;
  caption: string;
  stage: PhotoStage | null;
  takenAt: string | null;
  width: number;
  height: number;
  thumbUrl: string;
  fullUrl: string;
  uploadedByName: string | null;
  createdAt: string;
}

export const photoViewColumns = {
  id: photos.id,
  caption: photos.caption,
  stage: photos.stage,
  takenAt: photos.takenAt,
  width: photos.width,
  height: photos.height,
  uploadedByName: users.name,
  createdAt: photos.createdAt,
};

type PhotoViewRow = { id: string; caption: string; stage: string | null; takenAt: Date | null; width: number; height: number; uploadedByName: string | null; createdAt: Date };

export const toPhotoView = (row: PhotoViewRow): PhotoView => ({
  id: row.id,
  caption: row.caption,
  stage: row.stage as PhotoStage | null,
  takenAt: row.takenAt?.toISOString() ?? null,
  width: row.width,
  height: row.height,
  thumbUrl: `/photos/${row.id}/thumb`,
  fullUrl: `/photos/${row.id}/full`,
  uploadedByName: row.uploadedByName,
  createdAt: row.createdAt.toISOString(),
});

/** For kind 'project', the project is `subject.id` or `opts.projectId`. */
function subjectCondition(subject: PhotoSubject, opts: { projectId?: string; stage?: PhotoStage }) {
  const stage = opts.stage ? eq(photos.stage, opts.stage) : undefined;
  if (subject.kind === "project") {
    const projectId = subject.id ?? opts.projectId;
    if (!isUuid(projectId)) throw new RecordNotFound("project");
    return and(eq(photos.projectId, projectId), eq(photos.subjectKind, "project"), isNull(photos.deletedAt), stage);
  }
  if (!isUuid(subject.id)) throw new RecordNotFound("photo subject");
  return and(eq(photos.subjectKind, subject.kind), eq(photos.subjectId, subject.id), isNull(photos.deletedAt), stage);
}

/** A subject's photos, oldest first (the order they were taken in on site). */
export async function listPhotos(tx: Tx, subject: PhotoSubject, opts: { projectId?: string; stage?: PhotoStage; limit?: number } = {}): Promise<PhotoView[]> {
  const rows = await tx
    .select(photoViewColumns)
    .from(photos)
    .leftJoin(users, eq(users.id, photos.uploadedBy))
    .where(subjectCondition(subject, opts))
    .orderBy(photos.createdAt, photos.id)
    .limit(opts.limit ?? 200);
  return rows.map(toPhotoView);
}

export async function countPhotos(tx: Tx, subject: PhotoSubject, opts: { projectId?: string; stage?: PhotoStage } = {}): Promise<number> {
  const [row] = await tx.select({ count: sql<number>`count(*)::int` }).from(photos).where(subjectCondition(subject, opts));
  return row?.count ?? 0;
}

async function livePhoto(tx: Tx, photoId: string) {
  if (!isUuid(photoId)) throw new RecordNotFound("photo");
  const [row] = await tx.select().from(photos).where(and(eq(photos.id, photoId), isNull(photos.deletedAt)));
  if (!row) throw new RecordNotFound("photo");
  return row;
}

/** The stored object of a photo for serving (RecordNotFound when deleted or not this organization's). */
export async function getPhotoFile(tx: Tx, photoId: string) {
  const row = await livePhoto(tx, photoId);
  return { projectId: row.projectId, storageKey: row.storageKey, thumbKey: row.thumbKey, contentType: row.contentType };
}

export async function updateCaption(tx: Tx, photoId: string, caption: string): Promise<PhotoRow> {
  const before = await livePhoto(tx, photoId);
  const trimmed = caption.trim();
  if (trimmed.length > PHOTO_CAPTION_MAX) throw new PhotoRefused(`A caption may have at most ${PHOTO_CAPTION_MAX} characters.`);
  const [after] = await tx.update(photos).set({ caption: trimmed }).where(eq(photos.id, before.id)).returning();
  await recordAudit(tx, { entityType: "photo", entityId: before.id, action: "caption", before: { caption: before.caption }, after: { caption: trimmed } });
  return after;
}

/** Soft delete: the row and bytes stay for the audit trail, the photo is no longer shown or served. */
export async function deletePhoto(tx: Tx, photoId: string): Promise<PhotoRow> {
  const before = await livePhoto(tx, photoId);
  const [after] = await tx.update(photos).set({ deletedAt: new Date() }).where(eq(photos.id, before.id)).returning();
  await recordAudit(tx, { entityType: "photo", entityId: before.id, action: "delete", before: auditedPhoto(before) });
  return after;
}
