import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAccount } from "../../tests/support/identity-fixtures";
import { signIn, type SignedIn } from "../../tests/support/route-requests";
import { TooManyUploads, UploadTooLarge, withMultipartFiles, withMultipartForm, type UploadedFile } from "./uploads.server";

let user: SignedIn;
let scratch: string;
let tmp: string | undefined;
beforeAll(async () => {
  const account = await newAccount("uploads");
  user = await signIn(account.email, { organizationId: account.organizationId });
  // os.tmpdir() reads TMPDIR on each call: every temp folder of these tests lands here, where it can be seen.
  scratch = await mkdtemp(path.join(tmpdir(), "secg-uploads-test-"));
  tmp = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
});
afterAll(async () => {
  if (tmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmp;
  await rm(scratch, { recursive: true, force: true });
});

const bytes = randomBytes(300 * 1024);
const request = () => user.postMultipart("/anywhere", { note: "hello", file: new File([bytes], "photo.bin", { type: "application/octet-stream" }) });

describe("withMultipartForm", () => {
  it("hands each file over as a path on disk, with its name, type and size, and removes it once the callback is done", async () => {
    let seen: UploadedFile | undefined;
    const answer = await withMultipartForm(request(), 1024 * 1024, async (form, files) => {
      seen = files.get("file");
      expect(form.get("note")).toBe("hello");
      expect(form.get("file")).toBeNull(); // never a File in memory
      expect((await readFile(seen!.path)).equals(bytes)).toBe(true);
      return "handled";
    });
    expect(answer).toBe("handled");
    expect(seen).toMatchObject({ filename: "photo.bin", type: "application/octet-stream", size: bytes.length });
    expect(existsSync(seen!.path)).toBe(false);
    expect(await readdir(scratch)).toEqual([]);
  });

  it("passes on what the callback throws, as it was thrown, and still removes the file", async () => {
    const failure = new Error("storage is down");
    let file = "";
    const handling = withMultipartForm(request(), 1024 * 1024, async (_form, files) => {
      file = files.get("file")!.path;
      throw failure;
    });
    await expect(handling).rejects.toBe(failure);
    expect(file).not.toBe("");
    expect(existsSync(file)).toBe(false);
    expect(await readdir(scratch)).toEqual([]);
  });

  it("refuses a file over the part limit before the callback runs, leaving nothing on disk", async () => {
    let called = false;
    const handling = withMultipartForm(request(), 100 * 1024, async () => {
      called = true;
    });
    await expect(handling).rejects.toBeInstanceOf(UploadTooLarge);
    expect(called).toBe(false);
    expect(await readdir(scratch)).toEqual([]);
  });
});

describe("withMultipartFiles", () => {
  const several = () =>
    user.postMultipart("/anywhere", {
      note: "two",
      photos: [new File([bytes], "a.jpg", { type: "image/jpeg" }), new File([bytes.subarray(0, 10)], "b.jpg", { type: "image/jpeg" })],
      empty: new File([], "", { type: "application/octet-stream" }),
    });

  it("hands over every file of a field in order, drops an input left empty, and removes them afterwards", async () => {
    let seen: readonly UploadedFile[] = [];
    await withMultipartFiles(several(), { maxPartBytes: 1024 * 1024 }, async (form, files) => {
      seen = files.get("photos") ?? [];
      expect(form.get("note")).toBe("two");
      expect(files.has("empty")).toBe(false);
      expect((await readFile(seen[1].path)).equals(bytes.subarray(0, 10))).toBe(true);
    });
    expect(seen.map((f) => [f.filename, f.size])).toEqual([["a.jpg", bytes.length], ["b.jpg", 10]]);
    expect(await readdir(scratch)).toEqual([]);
  });

  it("refuses more files than allowed before the callback runs", async () => {
    const handling = withMultipartFiles(several(), { maxPartBytes: 1024 * 1024, maxFiles: 1 }, async () => "never");
    await expect(handling).rejects.toBeInstanceOf(TooManyUploads);
    expect(await readdir(scratch)).toEqual([]);
  });
});
