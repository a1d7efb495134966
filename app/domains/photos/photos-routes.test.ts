import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SUBMISSION_FIELD } from "~/utils/submissions";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { ownerConnection, type SqlClient } from "../../../tests/support/connections";
import { callRoute, signIn, useDevelopmentCookies, type SignedIn } from "../../../tests/support/route-requests";
import { action as photoAction } from "./routes/photo";
import { loader as photoFile } from "./routes/photo-file";
import { action as uploadAction, loader as galleryLoader } from "./routes/project-photos";
import { plainPng, sidewaysJpegWithGps } from "./test-images";

useDevelopmentCookies();

let owner: SqlClient;
let projectId: string;
let organizationId: string;
let member: SignedIn;
let viewer: SignedIn;
let stranger: SignedIn;
let strangerProjectId: string;

beforeAll(async () => {
  owner = ownerConnection();
  const account = await newAccount("photo-routes");
  organizationId = account.organizationId;
  [{ id: projectId }] = await owner`insert into projects (organization_id, job_number, name, status) values (${organizationId}, 'PR-1', 'Route tower', 'active') returning id`;
  const watcher = await newAccount("photo-viewer");
  await owner`insert into memberships (organization_id, user_id, role) values (${organizationId}, ${watcher.userId}, 'viewer')`;
  const other = await newAccount("photo-stranger");
  [{ id: strangerProjectId }] = await owner`insert into projects (organization_id, job_number, name, status) values (${other.organizationId}, 'X-1', 'Elsewhere', 'active') returning id`;
  member = await signIn(account.email, { organizationId });
  viewer = await signIn(watcher.email, { organizationId });
  stranger = await signIn(other.email, { organizationId: other.organizationId });
});
afterAll(() => owner.end());

const photoFiles = async () => [new File([await sidewaysJpegWithGps()], "one.jpg", { type: "image/jpeg" }), new File([await plainPng(320, 240)], "two.png", { type: "image/png" })];
const gallery = (id = projectId) => `/projects/${id}/photos`;
const rowsOf = async () => owner`select id, caption from photos where project_id = ${projectId} and deleted_at is null order by created_at`;

describe("POST /projects/:projectId/photos", () => {
  it("stores several photos in one post, once per submission token, and goes back where it was asked to", async () => {
    const fields = { subjectKind: "project", caption: "East wall", redirectTo: `${gallery()}?kind=project`, [SUBMISSION_FIELD]: randomUUID(), photos: await photoFiles() };
    const first = await callRoute(uploadAction, member.postMultipart(gallery(), fields), { projectId });
    expect(first).toMatchObject({ status: 303, location: `${gallery()}?kind=project` });
    const again = await callRoute(uploadAction, member.postMultipart(gallery(), fields), { projectId });
    expect(again.status).toBe(303);
    const rows = await rowsOf();
    expect(rows.map((r) => r.caption)).toEqual(["East wall", "East wall"]);
  });

  it("keeps the GPS position only once the organization has chosen to keep it", async () => {
    const upload = async () => {
      const answer = await callRoute(uploadAction, member.postMultipart(gallery(), { photos: [new File([await sidewaysJpegWithGps()], "gps.jpg", { type: "image/jpeg" })] }), { projectId });
      expect(answer.status).toBe(303);
      const [row] = await owner`select gps_latitude, gps_longitude from photos where project_id = ${projectId} order by created_at desc limit 1`;
      return [row.gps_latitude, row.gps_longitude];
    };
    expect(await upload()).toEqual([null, null]);
    await owner`update organizations set keep_photo_gps = true where id = ${organizationId}`;
    expect(await upload()).toEqual(["39.741667", "-104.983333"]);
    await owner`update organizations set keep_photo_gps = false where id = ${organizationId}`;
    await owner`update photos set deleted_at = now() where project_id = ${projectId} and caption = ''`;
  });

  it("refuses a return address that is not a plain path of this site (nothing stored)", async () => {
    const before = (await rowsOf()).length;
    for (const redirectTo of ["https://evil.example/", "//evil.example", "/%09/evil.test"]) {
      const answer = await callRoute(uploadAction, member.postMultipart(gallery(), { redirectTo, photos: [new File([await plainPng(32, 32)], "x.png", { type: "image/png" })] }), { projectId });
      expect(answer.status).toBe(400);
    }
    expect((await rowsOf()).length).toBe(before);
  });

  it("refuses a non-image with a clear message and writes nothing", async () => {
    const before = (await rowsOf()).length;
    const answer = await callRoute(uploadAction, member.postMultipart(gallery(), { photos: [new File(["%PDF-1.4 not a photo"], "scan.jpg", { type: "image/jpeg" })] }), { projectId });
    expect(answer.status).toBe(400);
    expect((answer.data as { uploadError: string }).uploadError).toContain('"scan.jpg" is not an image');
    expect((await rowsOf()).length).toBe(before);
  });

  it("refuses members without photos:upload (403) and another organization's project (404)", async () => {
    const photos = [new File([await plainPng(32, 32)], "x.png", { type: "image/png" })];
    expect((await callRoute(uploadAction, viewer.postMultipart(gallery(), { photos }), { projectId })).status).toBe(403);
    expect((await callRoute(uploadAction, member.postMultipart(gallery(strangerProjectId), { photos }), { projectId: strangerProjectId })).status).toBe(404);
    // a subject named in the form that belongs to another project
    expect((await callRoute(uploadAction, member.postMultipart(gallery(), { subjectKind: "project", subjectId: strangerProjectId, photos }), { projectId })).status).toBe(404);
  });
});

describe("GET /photos/:photoId/:size and the gallery", () => {
  it("streams the JPEG with private caching; a bad size, another organization and a deleted photo are 404", async () => {
    const [row] = await rowsOf();
    const thumb = await callRoute(photoFile, member.get(`/photos/${row.id}/thumb`), { photoId: row.id, size: "thumb" });
    const response = thumb.data as Response;
    expect(thumb.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/jpeg");
    expect(response.headers.get("Cache-Control")).toMatch(/^private, max-age=\d+$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect((await callRoute(photoFile, viewer.get(`/photos/${row.id}/full`), { photoId: row.id, size: "full" })).status).toBe(200);
    expect((await callRoute(photoFile, member.get(`/photos/${row.id}/huge`), { photoId: row.id, size: "huge" })).status).toBe(404);
    expect((await callRoute(photoFile, stranger.get(`/photos/${row.id}/full`), { photoId: row.id, size: "full" })).status).toBe(404);
    expect((await callRoute(photoFile, member.get(`/photos/nope/full`), { photoId: "nope", size: "full" })).status).toBe(404);
  });

  it("lists the project's photos newest first with links to subject and image; filters by kind", async () => {
    const page = await callRoute(galleryLoader, member.get(gallery()), { projectId });
    const photos = (page.data as { photos: { id: string; subjectHref: string; fullUrl: string }[] }).photos;
    expect(photos.length).toBe((await rowsOf()).length);
    expect(photos[0]).toMatchObject({ subjectHref: `/projects/${projectId}`, fullUrl: `/photos/${photos[0].id}/full` });
    const none = await callRoute(galleryLoader, member.get(`${gallery()}?kind=daily_log&from=nonsense`), { projectId });
    expect((none.data as { photos: unknown[] }).photos).toEqual([]);
    expect((await callRoute(galleryLoader, stranger.get(gallery()), { projectId })).status).toBe(404);
  });

  it("edits a caption and deletes a photo; others may not", async () => {
    const [row] = await rowsOf();
    const caption = await callRoute(photoAction, member.post(`/photos/${row.id}`, { intent: "caption", caption: "Corrected", redirectTo: gallery() }), { photoId: row.id });
    expect(caption).toMatchObject({ status: 303, location: gallery() });
    expect((await callRoute(photoAction, viewer.post(`/photos/${row.id}`, { intent: "delete" }), { photoId: row.id })).status).toBe(403);
    expect((await callRoute(photoAction, stranger.post(`/photos/${row.id}`, { intent: "delete" }), { photoId: row.id })).status).toBe(404);
    expect((await callRoute(photoAction, member.post(`/photos/${row.id}`, { intent: "explode" }), { photoId: row.id })).status).toBe(400);
    // the forms always name their page; without it (or with an encoded trick) nothing happens
    expect((await callRoute(photoAction, member.post(`/photos/${row.id}`, { intent: "delete" }), { photoId: row.id })).status).toBe(400);
    expect((await callRoute(photoAction, member.post(`/photos/${row.id}`, { intent: "delete", redirectTo: "/%09/evil.test" }), { photoId: row.id })).status).toBe(400);
    expect((await callRoute(photoAction, member.post(`/photos/${row.id}`, { intent: "delete", redirectTo: gallery() }), { photoId: row.id })).status).toBe(303);
    const [gone] = await owner`select caption, deleted_at from photos where id = ${row.id}`;
    expect(gone.caption).toBe("Corrected");
    expect(gone.deleted_at).not.toBeNull();
    expect((await callRoute(photoFile, member.get(`/photos/${row.id}/full`), { photoId: row.id, size: "full" })).status).toBe(404);
  });
});
