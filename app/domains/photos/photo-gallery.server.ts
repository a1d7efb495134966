import { and, desc, eq, gte, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { photos, users } from "@db/schema";
import type { Tx } from "~/utils/db.server";
import { photoSubjectHref, PHOTO_SUBJECT_LABELS, type PhotoSubjectKind } from "./photo-subjects";
import type { GalleryFilter } from "./photos.schema";
import { photoViewColumns, toPhotoView, type PhotoView } from "./photos.server";

export const GALLERY_PAGE_SIZE = 48;

export interface GalleryPhoto extends PhotoView {
  subjectKind: PhotoSubjectKind;
  subjectLabel: string;
  subjectHref: string;
}

/** A day of the organization's calendar as a timestamp range bound (its time zone, not the server's). */
const dayStart = (day: string) => sql`(${day}::date::timestamp at time zone (select time_zone from organizations))`;

/**
 * One page of a project's photos, newest first, keyset-paged by the last photo shown (`after`), so
 * page 50 costs what page 1 does (index photos_org_project_newest_idx).
 */
export async function listProjectGallery(tx: Tx, projectId: string, filter: GalleryFilter): Promise<{ photos: GalleryPhoto[]; nextAfter: string | null }> {
  const conditions: (SQL | undefined)[] = [eq(photos.projectId, projectId), isNull(photos.deletedAt)];
  if (filter.kind) conditions.push(eq(photos.subjectKind, filter.kind));
  if (filter.from) conditions.push(gte(photos.createdAt, dayStart(filter.from)));
  if (filter.to) conditions.push(lt(photos.createdAt, sql`${dayStart(filter.to)} + interval '1 day'`));
  if (filter.after) {
    const cursor = sql`(select created_at from photos where id = ${filter.after})`;
    conditions.push(or(lt(photos.createdAt, cursor), and(eq(photos.createdAt, cursor), lt(photos.id, filter.after))));
  }
  const rows = await tx
    .select({ ...photoViewColumns, subjectKind: photos.subjectKind, subjectId: photos.subjectId })
    .from(photos)
    .leftJoin(users, eq(users.id, photos.uploadedBy))
    .where(and(...conditions))
    .orderBy(desc(photos.createdAt), desc(photos.id))
    .limit(GALLERY_PAGE_SIZE + 1);
  const page = rows.slice(0, GALLERY_PAGE_SIZE);
  return {
    photos: page.map((row) => ({
      ...toPhotoView(row),
      subjectKind: row.subjectKind,
      subjectLabel: PHOTO_SUBJECT_LABELS[row.subjectKind],
      subjectHref: photoSubjectHref(projectId, row.subjectKind, row.subjectId),
    })),
    nextAfter: rows.length > GALLERY_PAGE_SIZE ? page[page.length - 1].id : null,
  };
}
