import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import sharp from "sharp";
import { photos } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { countPhotos } from "~/domains/photos/photos.server";
import type { PhotoStage, PhotoSubject } from "~/domains/photos/photo-subjects";
import { PHOTO_THUMB_EDGE } from "~/domains/photos/photo-subjects";
import { queryRows, type Tx } from "~/utils/db.server";
import type { ObjectStorage } from "~/utils/storage.server";

const WIDTH = 1280;
const HEIGHT = 960;

/** A small deterministic random source (mulberry32): the same seed draws the same picture. */
function randomFrom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A site picture as SVG: sky, ground, a building frame with windows, a tower crane, the label. */
function siteSvg(seed: number, label: string) {
  const r = randomFrom(seed);
  const hue = Math.floor(190 + r() * 30);
  const horizon = Math.floor(HEIGHT * (0.55 + r() * 0.12));
  const floors = 3 + Math.floor(r() * 5);
  const bays = 4 + Math.floor(r() * 5);
  const bx = Math.floor(120 + r() * 400);
  const floorH = 70;
  const bayW = 70;
  const top = horizon - floors * floorH;
  const windows: string[] = [];
  for (let f = 0; f < floors; f++)
    for (let b = 0; b < bays; b++) {
      if (r() < 0.25) continue;
      windows.push(`<rect x="${bx + b * bayW + 14}" y="${top + f * floorH + 16}" width="${bayW - 28}" height="${floorH - 32}" fill="#${r() < 0.5 ? "9fb7c9" : "5d6d7a"}"/>`);
    }
  const cx = Math.floor(WIDTH * (0.62 + r() * 0.25));
  const jib = Math.floor(260 + r() * 200);
  const mastTop = Math.floor(120 + r() * 80);
  const soil = ["#8a7355", "#7d6a50", "#957b58"][Math.floor(r() * 3)];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
  <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},55%,58%)"/><stop offset="1" stop-color="hsl(${hue},45%,86%)"/></linearGradient></defs>
  <rect width="${WIDTH}" height="${horizon}" fill="url(#sky)"/>
  <rect y="${horizon}" width="${WIDTH}" height="${HEIGHT - horizon}" fill="${soil}"/>
  <rect x="${bx}" y="${top}" width="${bays * bayW}" height="${floors * floorH}" fill="#b9b1a3" stroke="#6b6459" stroke-width="6"/>
  ${windows.join("")}
  <rect x="${cx - 10}" y="${mastTop}" width="20" height="${horizon - mastTop}" fill="#e0a526" stroke="#7a5a12" stroke-width="3"/>
  <rect x="${cx - jib * 0.3}" y="${mastTop - 14}" width="${jib}" height="14" fill="#e0a526" stroke="#7a5a12" stroke-width="3"/>
  <line x1="${cx + jib * 0.55}" y1="${mastTop}" x2="${cx + jib * 0.55}" y2="${mastTop + 160 + r() * 120}" stroke="#333" stroke-width="3"/>
  <rect x="0" y="${HEIGHT - 96}" width="${WIDTH}" height="96" fill="rgba(0,0,0,0.45)"/>
  <text x="40" y="${HEIGHT - 36}" font-family="DejaVu Sans, sans-serif" font-size="44" fill="#ffffff">${escapeXml(label)}</text>
</svg>`;
}

/** A generated 1280×960 JPEG of a building site with `label` on it; the same seed and label give the same bytes. */
export async function generateDemoPhoto(seed: number, label: string): Promise<Buffer> {
  return sharp(Buffer.from(siteSvg(seed, label))).jpeg({ quality: 70 }).toBuffer();
}

export interface DemoPhotosInput {
  organizationId: string;
  projectId: string;
  subject: PhotoSubject;
  count: number;
  /** The day the photos were taken ("YYYY-MM-DD"), at 14:00–21:00 UTC (daytime on US sites). */
  takenOn: string;
  seed: number;
  /** Captions by position (repeated when fewer than count); the label on the picture too. */
  captions?: string[];
  stage?: PhotoStage | null;
  uploadedBy?: string | null;
}

/**
 * Adds `count` generated photos to a subject, unless it has photos already (idempotent), straight
 * into storage and the photos table (no upload pipeline: the pictures are made as stored JPEGs).
 */
export async function seedDemoPhotos(tx: Tx, storage: ObjectStorage, input: DemoPhotosInput): Promise<number> {
  if ((await countPhotos(tx, input.subject, { projectId: input.projectId })) > 0) return 0;
  return addPhotos(tx, storage, input);
}

async function addPhotos(tx: Tx, storage: ObjectStorage, input: DemoPhotosInput): Promise<number> {
  const { organizationId, projectId, subject } = input;
  const captions = input.captions?.length ? input.captions : ["Site progress"];
  for (let i = 0; i < input.count; i++) {
    const caption = captions[i % captions.length];
    const full = await generateDemoPhoto(input.seed * 101 + i, `${caption} · ${input.takenOn}`);
    const thumb = await sharp(full).resize({ width: PHOTO_THUMB_EDGE }).jpeg({ quality: 70 }).toBuffer();
    const id = randomUUID();
    const storageKey = `photos/${organizationId}/${projectId}/${id}.jpg`;
    const thumbKey = `photos/${organizationId}/${projectId}/${id}-thumb.jpg`;
    await storage.put(storageKey, full, "image/jpeg");
    await storage.put(thumbKey, thumb, "image/jpeg");
    const at = sql`(${input.takenOn}::date + make_interval(hours => ${14 + ((input.seed + i * 3) % 8)}, mins => ${(i * 17) % 60}))::timestamptz`;
    await tx.insert(photos).values({
      id,
      organizationId: sql`${currentOrganizationId}`,
      projectId,
      subjectKind: subject.kind,
      subjectId: subject.kind === "project" ? null : subject.id,
      stage: input.stage ?? null,
      caption,
      takenAt: at,
      width: WIDTH,
      height: HEIGHT,
      bytes: full.length,
      contentType: "image/jpeg",
      storageKey,
      thumbKey,
      uploadedBy: input.uploadedBy ?? null,
      createdAt: sql`${at} + interval '20 minutes'`,
    });
  }
  return input.count;
}

const PROJECT_PHOTO_CAPTIONS = [
  "Site logistics, north gate",
  "Level 2 deck pour",
  "Rebar inspection, grid C",
  "Curtain wall mockup",
  "MEP rough-in, level 3",
  "Roofing membrane staging",
];

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/** A few project-level photos on each active demo project, spread over the last month. */
export async function seedProjectPhotos(tx: Tx, storage: ObjectStorage, uploadedBy: string) {
  const active = await queryRows<{ id: string; organizationId: string }>(
    tx,
    sql`select id, organization_id as "organizationId" from projects where status = 'active' order by job_number`,
  );
  for (const [index, project] of active.entries()) {
    const subject = { kind: "project", id: null } as const;
    if ((await countPhotos(tx, subject, { projectId: project.id })) > 0) continue;
    for (let day = 0; day < 3; day++) {
      await addPhotos(tx, storage, {
        organizationId: project.organizationId,
        projectId: project.id,
        subject,
        count: 2,
        takenOn: daysAgo(25 - day * 10 - index),
        seed: index * 10 + day + 1,
        captions: PROJECT_PHOTO_CAPTIONS.slice(day * 2, day * 2 + 2),
        uploadedBy,
      });
    }
  }
}
