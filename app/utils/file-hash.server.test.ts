import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileSha256 } from "./file-hash.server";

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "secg-file-hash-"));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("fileSha256", () => {
  it.each([
    ["an empty file", 0],
    ["a file of many read chunks", 3 * 1024 * 1024 + 7],
  ])("hashes %s exactly as node:crypto hashes its bytes", async (_, size) => {
    const bytes = randomBytes(size);
    const file = path.join(scratch, `${size}.bin`);
    await writeFile(file, bytes);
    expect(await fileSha256(file)).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it("rejects for a missing file", async () => {
    await expect(fileSha256(path.join(scratch, "missing.bin"))).rejects.toMatchObject({ code: "ENOENT" });
  });
});
