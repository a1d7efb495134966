import { sql } from "drizzle-orm";
import { check, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { users } from "./identity";
import { projects } from "./projects";

/** What a photo is attached to; kept in step with app/domains/photos/photo-subjects.ts. */
export const PHOTO_SUBJECT_KIND_VALUES = ["project", "daily_log", "punch_item", "observation", "inspection_answer", "ncr"] as const;

/**
 * A photo taken on a project, attached to one subject (the project itself, a daily log, a punch
 * item …). The stored bytes are always a re-encoded JPEG without metadata; GPS lives only in the
 * columns, and only when the organization keeps it. Soft-deleted, so the audit trail can name it.
 */
export const photos = pgTable(
  "photos",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    subjectKind: text("subject_kind", { enum: PHOTO_SUBJECT_KIND_VALUES }).notNull(),
    /** Null for kind 'project' (the project is the subject). */
    subjectId: uuid("subject_id"),
    /** 'before' | 'after' for punch items, else null. */
    stage: text("stage"),
    caption: text("caption").notNull().default(""),
    /** EXIF DateTimeOriginal when the file had it. */
    takenAt: timestamp("taken_at", { withTimezone: true }),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: integer("bytes").notNull(),
    contentType: text("content_type").notNull(),
    storageKey: text("storage_key").notNull(),
    thumbKey: text("thumb_key").notNull(),
    gpsLatitude: numeric("gps_latitude", { precision: 9, scale: 6 }),
    gpsLongitude: numeric("gps_longitude", { precision: 9, scale: 6 }),
    uploadedBy: uuid("uploaded_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("photos_org_id_key").on(t.organizationId, t.id),
    index("photos_org_subject_idx").on(t.organizationId, t.subjectKind, t.subjectId),
    index("photos_org_project_newest_idx").on(t.organizationId, t.projectId, t.createdAt.desc()),
    tenantRef("photos_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    check(
      "photos_subject_kind_check",
      sql`subject_kind in ('project', 'daily_log', 'punch_item', 'observation', 'inspection_answer', 'ncr')`,
    ),
    check("photos_subject_id_check", sql`(subject_kind = 'project') = (subject_id is null)`),
    check("photos_stage_check", sql`stage is null or stage in ('before', 'after')`),
    check("photos_size_check", sql`width > 0 and height > 0 and bytes > 0`),
    check("photos_gps_check", sql`(gps_latitude is null) = (gps_longitude is null)`),
    tenantPolicy(),
  ],
);
