import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "~/utils/db.server";
import { objectStorage } from "~/utils/storage.server";
import type { UploadedFile } from "~/utils/uploads.server";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { ownerConnection, type SqlClient } from "../../../tests/support/connections";
import { countPhotos, deletePhoto, listPhotos, PhotoRefused, processAndStorePhotos, updateCaption, type StorePhotosInput } from "./photos.server";
import { PHOTO_MAX_FILE_BYTES, PHOTO_MAX_FILES } from "./photo-subjects";
import { metadataOf, pngClaiming, plainPng, sidewaysJpegWithGps } from "./test-images";

let owner: SqlClient;
let folder: string;
let org: { organizationId: string; userId: string; projectId: string; otherProjectId: string };

async function file(name: string, bytes: Buffer, type = "image/jpeg"): Promise<UploadedFile> {
  const at = path.join(folder, `${Math.random().toString(36).slice(2)}-${name}`);
  await writeFile(at, bytes);
  return { filename: name, type, size: bytes.length, path: at };
}

const tenant = () => ({ organizationId: org.organizationId, userId: org.userId });
const store = (files: UploadedFile[], over: Partial<StorePhotosInput> = {}) =>
  withTenant(tenant(), (tx) =>
    processAndStorePhotos(tx, {
      organizationId: org.organizationId,
      projectId: org.projectId,
      subject: { kind: "project", id: null },
      captions: ["North elevation"],
      files,
      keepGps: false,
      uploadedBy: org.userId,
      ...over,
    }),
  );
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => (e instanceof PhotoRefused ? { status: e.status, message: e.message } : e));

beforeAll(async () => {
  owner = ownerConnection();
  folder = await mkdtemp(path.join(tmpdir(), "secg-photos-test-"));
  const account = await newAccount("photos");
  const [project] = await owner`insert into projects (organization_id, job_number, name, status) values (${account.organizationId}, 'P-1', 'Photo tower', 'active') returning id`;
  const [other] = await owner`insert into projects (organization_id, job_number, name, status) values (${account.organizationId}, 'P-2', 'Other job', 'active') returning id`;
  org = { organizationId: account.organizationId, userId: account.userId, projectId: project.id, otherProjectId: other.id };
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await owner.end();
});

describe("processAndStorePhotos", () => {
  it("applies the EXIF orientation, strips all metadata from the stored bytes, makes a thumbnail and reads the date", async () => {
    const [row] = await store([await file("sideways.jpg", await sidewaysJpegWithGps())]);
    // 300 × 200 turned a quarter: stored upright as 200 × 300
    expect([row.width, row.height]).toEqual([200, 300]);
    const full = await objectStorage().getBuffer(row.storageKey);
    expect(await metadataOf(full)).toMatchObject({ format: "jpeg", width: 200, height: 300, hasExif: false, orientation: undefined });
    expect(full.includes(Buffer.from("TestCam"))).toBe(false);
    const thumb = await metadataOf(await objectStorage().getBuffer(row.thumbKey));
    expect(thumb).toMatchObject({ format: "jpeg", hasExif: false });
    expect(Math.max(thumb.width!, thumb.height!)).toBeLessThanOrEqual(400);
    expect(row.takenAt?.toISOString()).toBe("2026-11-20T17:15:00.000Z");
    expect(row.storageKey).toBe(`photos/${org.organizationId}/${org.projectId}/${row.id}.jpg`);
    expect([row.gpsLatitude, row.gpsLongitude]).toEqual([null, null]);
    expect(row.caption).toBe("North elevation");
    const [audit] = await owner`select action from audit_events where entity_id = ${row.id}`;
    expect(audit.action).toBe("upload");
  });

  it("keeps the GPS position in the database only when the organization keeps it (never in the image)", async () => {
    const [row] = await store([await file("gps.jpg", await sidewaysJpegWithGps())], { keepGps: true });
    expect([row.gpsLatitude, row.gpsLongitude]).toEqual(["39.741667", "-104.983333"]);
    expect((await metadataOf(await objectStorage().getBuffer(row.storageKey))).hasExif).toBe(false);
  });

  it("re-encodes a PNG as JPEG and shrinks the long edge to 2560", async () => {
    const [row] = await store([await file("wide.png", await plainPng(3000, 1000), "image/png")]);
    expect([row.width, row.height, row.contentType]).toEqual([2560, 853, "image/jpeg"]);
  });

  it("refuses files that are not images, whatever their name and type say, and writes nothing", async () => {
    const before = await count();
    const text = await file("notes.jpg", Buffer.from("just some text, not a photo\n".repeat(20)));
    const pdf = await file("scan.jpg", Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"));
    const svg = await file("logo.jpg", Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'));
    for (const bad of [text, pdf, svg]) {
      const answer = await refusal(store([await file("ok.png", await plainPng(64, 64), "image/png"), bad]));
      expect(answer).toMatchObject({ status: 400 });
      expect((answer as { message: string }).message).toContain(bad.filename);
    }
    expect(await count()).toBe(before);
  });

  it("refuses a decompression bomb from its header, before decoding it", async () => {
    const answer = await refusal(store([await file("bomb.png", await pngClaiming(20000, 20000), "image/png")]));
    expect(answer).toMatchObject({ status: 400 });
    expect((answer as { message: string }).message).toMatch(/20000 × 20000 pixels; photos may have at most 50 megapixels/);
  });

  it("refuses too many files, a file over the size limit and an empty post", async () => {
    const small = await file("s.png", await plainPng(16, 16), "image/png");
    expect(await refusal(store(Array.from({ length: PHOTO_MAX_FILES + 1 }, () => small)))).toMatchObject({ status: 413 });
    expect(await refusal(store([{ ...small, size: PHOTO_MAX_FILE_BYTES + 1 }]))).toMatchObject({ status: 413, message: expect.stringContaining("20 MB") });
    expect(await refusal(store([]))).toMatchObject({ status: 400, message: "Choose at least one photo." });
  });

  it("refuses a subject of another project, a subject that is not there, and a missing project", async () => {
    const png = await file("p.png", await plainPng(16, 16), "image/png");
    expect(await refusal(store([png], { subject: { kind: "project", id: org.otherProjectId } }))).toMatchObject({ status: 404 });
    expect(await refusal(store([png], { subject: { kind: "daily_log", id: org.otherProjectId } }))).toMatchObject({ status: 404 });
    expect(await refusal(store([png], { projectId: "5a1e0000-0000-4000-8000-00000000dead" }))).toMatchObject({ status: 404 });
  });
});

const count = async () => Number((await owner`select count(*) from photos where organization_id = ${org.organizationId}`)[0].count);

describe("listing, captions and deletion", () => {
  it("lists a subject's photos, edits a caption and soft-deletes with audit rows", async () => {
    const rows = await store([await file("a.png", await plainPng(64, 48), "image/png"), await file("b.png", await plainPng(64, 48), "image/png")], { captions: ["Footing A", "Footing B"] });
    const subject = { kind: "project" as const, id: org.projectId };
    const listed = await withTenant(tenant(), (tx) => listPhotos(tx, subject));
    expect(listed.slice(-2).map((p) => p.caption)).toEqual(["Footing A", "Footing B"]);
    expect(listed.at(-1)).toMatchObject({ thumbUrl: `/photos/${rows[1].id}/thumb`, fullUrl: `/photos/${rows[1].id}/full`, width: 64, height: 48 });
    const total = await withTenant(tenant(), (tx) => countPhotos(tx, subject));
    await withTenant(tenant(), (tx) => updateCaption(tx, rows[0].id, "  Footing A, rebar checked "));
    await withTenant(tenant(), (tx) => deletePhoto(tx, rows[1].id));
    expect(await withTenant(tenant(), (tx) => countPhotos(tx, subject))).toBe(total - 1);
    const after = await withTenant(tenant(), (tx) => listPhotos(tx, subject));
    expect(after.find((p) => p.id === rows[0].id)?.caption).toBe("Footing A, rebar checked");
    const audits = await owner`select action from audit_events where entity_id in (${rows[0].id}, ${rows[1].id}) order by occurred_at, action`;
    expect(audits.map((a) => a.action).sort()).toEqual(["caption", "delete", "upload", "upload"]);
  });
});
