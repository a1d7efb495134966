/**
 * Photos on the benchmark-scale project for the gallery page: a handful of generated pictures
 * stored once (local disk or S3, as configured) and `count` photo rows pointing at them, created
 * over the project's last 600 days, set-based on the owner connection.
 */
import { generateDemoPhoto } from "@db/seed/demo-photos";
import type { SqlClient } from "@db/sql-client";
import sharp from "sharp";
import { PHOTO_THUMB_EDGE } from "~/domains/photos/photo-subjects";
import { objectStorage } from "~/utils/storage.server";

const PICTURES = 4;

export async function addScalePhotos(owner: SqlClient, organizationId: string, projectId: string, count: number) {
  const storage = objectStorage();
  for (let n = 0; n < PICTURES; n++) {
    const full = await generateDemoPhoto(9000 + n, `N-2000 progress ${n + 1}`);
    const thumb = await sharp(full).resize({ width: PHOTO_THUMB_EDGE }).jpeg({ quality: 70 }).toBuffer();
    await storage.put(`photos/${organizationId}/${projectId}/scale-${n}.jpg`, full, "image/jpeg");
    await storage.put(`photos/${organizationId}/${projectId}/scale-${n}-thumb.jpg`, thumb, "image/jpeg");
  }
  const inserted = await owner.begin(async (sql) => {
    await sql`select set_config('app.organization_id', ${organizationId}, true)`;
    return sql.unsafe(
      `insert into photos (organization_id, project_id, subject_kind, caption, taken_at, width, height, bytes, content_type, storage_key, thumb_key, created_at)
       select $1::uuid, $2::uuid, 'project', 'Progress photo ' || g, t.at, 1280, 960, 40000, 'image/jpeg',
              'photos/' || $1::text || '/' || $2::text || '/scale-' || (g % ${PICTURES}) || '.jpg',
              'photos/' || $1::text || '/' || $2::text || '/scale-' || (g % ${PICTURES}) || '-thumb.jpg', t.at + interval '15 minutes'
       from generate_series(1, $3::int) g
       cross join lateral (select now() - make_interval(mins => (g * 600 * 24 * 60 / $3::int))::interval as at) t`,
      [organizationId, projectId, count],
    );
  });
  await owner`analyze photos`;
  return { photos: inserted.count };
}
