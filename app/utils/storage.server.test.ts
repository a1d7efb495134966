import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnv } from "./env.server";
import {
  localObjectStorage,
  ObjectNotFound,
  s3ObjectStorage,
  storageFromEnv,
  type ObjectStorage,
} from "./storage.server";

const CHUNK = 64 * 1024;
const STREAM_BYTES = 5.5 * 1024 * 1024; // above lib-storage's 5 MB part size, so S3 goes multipart

/** Deterministic, non-repeating bytes produced chunk by chunk; the whole never exists in memory. */
function generatedStream(totalBytes: number, failAfterBytes?: number) {
  let sent = 0;
  return new Readable({
    read() {
      if (failAfterBytes !== undefined && sent >= failAfterBytes) {
        this.destroy(new Error("upload interrupted"));
        return;
      }
      if (sent >= totalBytes) {
        this.push(null);
        return;
      }
      const size = Math.min(CHUNK, totalBytes - sent);
      const chunk = Buffer.alloc(size);
      for (let i = 0; i < size; i++) chunk[i] = Math.imul(sent + i, 2654435761) >>> 24;
      sent += size;
      this.push(chunk);
    },
  });
}

async function digest(stream: Readable) {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest("hex") };
}

const BAD_KEYS = ["../x", "/abs", "a//b", "a/../b", "", "a/", "./a", "a/./b", "x".repeat(513), "a b", "a\\b"];

function contractTests(name: string, make: () => ObjectStorage, afterBadKeys: () => Promise<void>) {
  describe(name, () => {
    let storage: ObjectStorage;
    beforeAll(() => {
      storage = make();
    });

    it("returns the bytes of a stored buffer", async () => {
      const body = Buffer.from("id,amount\n1,10.00\n");
      await storage.put("imports/t1/a.csv", body, "text/csv");
      expect((await storage.getBuffer("imports/t1/a.csv")).equals(body)).toBe(true);
      await storage.put("imports/t1/u8.bin", new Uint8Array([1, 2, 3]));
      expect([...(await storage.getBuffer("imports/t1/u8.bin"))]).toEqual([1, 2, 3]);
    });

    it("streams a large upload in and out unchanged", async () => {
      const expected = await digest(generatedStream(STREAM_BYTES));
      await storage.put("imports/t1/big.xlsx", generatedStream(STREAM_BYTES), "application/octet-stream");
      expect(await digest(await storage.getStream("imports/t1/big.xlsx"))).toEqual(expected);
      expect((await storage.getBuffer("imports/t1/big.xlsx")).length).toBe(STREAM_BYTES);
    });

    it("tells whether an object exists", async () => {
      await storage.put("exists/yes.txt", Buffer.from("y"));
      expect(await storage.exists("exists/yes.txt")).toBe(true);
      expect(await storage.exists("exists/no.txt")).toBe(false);
      expect(await storage.exists("exists")).toBe(false);
    });

    it("overwrites an existing object", async () => {
      await storage.put("over/x.txt", Buffer.from("first, longer version"));
      await storage.put("over/x.txt", generatedStream(10));
      expect((await storage.getBuffer("over/x.txt")).length).toBe(10);
      await storage.put("over/x.txt", Buffer.from("third"));
      expect((await storage.getBuffer("over/x.txt")).toString()).toBe("third");
    });

    it("keeps the previous object when a streamed upload fails", async () => {
      await storage.put("fail/x.txt", Buffer.from("previous"));
      await expect(storage.put("fail/x.txt", generatedStream(1024 * 1024, 256 * 1024))).rejects.toThrow();
      expect((await storage.getBuffer("fail/x.txt")).toString()).toBe("previous");
    });

    it("deletes, then reports the object as not found", async () => {
      await storage.put("del/x.txt", Buffer.from("x"));
      await storage.delete("del/x.txt");
      expect(await storage.exists("del/x.txt")).toBe(false);
      await expect(storage.getStream("del/x.txt")).rejects.toBeInstanceOf(ObjectNotFound);
      await expect(storage.getBuffer("del/x.txt")).rejects.toThrow(/del\/x\.txt/);
      await expect(storage.getBuffer("never/was.txt")).rejects.toBeInstanceOf(ObjectNotFound);
    });

    it("accepts deleting a missing key", async () => {
      await expect(storage.delete("never/was.txt")).resolves.toBeUndefined();
    });

    it("refuses bad keys before touching storage", async () => {
      for (const key of BAD_KEYS) {
        await expect(storage.put(key, Buffer.from("x")), key).rejects.toThrow(/Invalid storage key/);
        await expect(storage.getStream(key), key).rejects.toThrow(/Invalid storage key/);
        await expect(storage.getBuffer(key), key).rejects.toThrow(/Invalid storage key/);
        await expect(storage.exists(key), key).rejects.toThrow(/Invalid storage key/);
        await expect(storage.delete(key), key).rejects.toThrow(/Invalid storage key/);
      }
      await afterBadKeys();
    });
  });
}

// (a) local disk
let localRoot: string;
let localParent: string;
beforeAll(async () => {
  localParent = await mkdtemp(path.join(tmpdir(), "secg-storage-"));
  localRoot = path.join(localParent, "root");
});
afterAll(() => rm(localParent, { recursive: true, force: true }));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

contractTests(
  "local object storage",
  () => localObjectStorage(localRoot),
  async () => {
    // Nothing escaped the root (e.g. ../x next to it) and no temp files were left behind.
    expect(await readdir(localParent)).toEqual(["root"]);
    const files = await filesUnder(localRoot);
    expect(files.filter((f) => f.endsWith(".tmp"))).toEqual([]);
  },
);

// (b) S3 against a real s3rver
const BUCKET = "secg-test";
let s3rver: S3rver;
let s3Dir: string;
let s3Endpoint: string;
beforeAll(async () => {
  s3Dir = await mkdtemp(path.join(tmpdir(), "secg-s3rver-"));
  s3rver = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await s3rver.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3rver?.close();
  await rm(s3Dir, { recursive: true, force: true });
});

const s3Config = () => ({
  bucket: BUCKET,
  endpoint: s3Endpoint,
  region: "us-east-1",
  accessKeyId: "S3RVER",
  secretAccessKey: "S3RVER",
  forcePathStyle: true,
  prefix: "tenant-files",
});

contractTests(
  "S3 object storage (s3rver)",
  () => s3ObjectStorage(s3Config()),
  async () => {
    // Nothing reached the server: the same calls against a closed port fail on the key, not the network.
    const unreachable = s3ObjectStorage({ ...s3Config(), endpoint: "http://127.0.0.1:9" });
    for (const key of BAD_KEYS) {
      await expect(unreachable.put(key, Buffer.from("x")), key).rejects.toThrow(/Invalid storage key/);
      await expect(unreachable.exists(key), key).rejects.toThrow(/Invalid storage key/);
    }
  },
);

describe("S3 object storage details", () => {
  it("stores keys under the prefix and describes itself", async () => {
    const storage = s3ObjectStorage(s3Config());
    await storage.put("p/q.txt", Buffer.from("q"));
    const unprefixed = s3ObjectStorage({ ...s3Config(), prefix: undefined });
    expect((await unprefixed.getBuffer("tenant-files/p/q.txt")).toString()).toBe("q");
    expect(storage.description).toBe(`S3 bucket ${BUCKET} (prefix tenant-files/) at ${s3Endpoint}`);
  });

  it("requires both credentials or neither", () => {
    expect(() => s3ObjectStorage({ ...s3Config(), secretAccessKey: undefined })).toThrow(/both/);
  });
});

describe("storageFromEnv", () => {
  it("uses local disk under DATA_DIR when S3_BUCKET is unset", () => {
    const storage = storageFromEnv(loadEnv({ DATA_DIR: "/srv/secg-data" }));
    expect(storage.description).toBe("local disk at /srv/secg-data/storage");
  });

  it("uses the S3 bucket when S3_BUCKET is set", () => {
    const env = loadEnv({
      S3_BUCKET: "erp-files",
      S3_ENDPOINT: "http://minio:9000",
      S3_ACCESS_KEY_ID: "id",
      S3_SECRET_ACCESS_KEY: "secret",
    });
    expect(env.S3_REGION).toBe("us-east-1");
    expect(env.S3_FORCE_PATH_STYLE).toBe(true);
    expect(storageFromEnv(env).description).toBe("S3 bucket erp-files at http://minio:9000");
  });

  it("rejects a malformed S3_ENDPOINT with a clear message", () => {
    expect(() => loadEnv({ S3_BUCKET: "erp-files", S3_ENDPOINT: "minio" })).toThrow(/S3_ENDPOINT/);
  });
});
