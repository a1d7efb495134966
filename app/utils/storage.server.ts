import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { env, type Env } from "./env.server";

export class ObjectNotFound extends Error {
  constructor(readonly key: string) {
    super(`Stored object "${key}" was not found`);
    this.name = "ObjectNotFound";
  }
}

export class InvalidObjectKey extends Error {
  constructor(key: string, reason: string) {
    super(`Invalid storage key ${JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key)}: ${reason}`);
    this.name = "InvalidObjectKey";
  }
}

export interface ObjectStorage {
  /** Stores the body under key (overwrites). Streams: never buffers a Readable whole. */
  put(key: string, body: Buffer | Uint8Array | Readable, contentType?: string): Promise<void>;
  /** A stream of the stored bytes; rejects with ObjectNotFound when missing. */
  getStream(key: string): Promise<Readable>;
  /** Whole object as a Buffer (small objects only); ObjectNotFound when missing. */
  getBuffer(key: string): Promise<Buffer>;
  exists(key: string): Promise<boolean>;
  /** A missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Human description for logs: "local disk at /abs/path" or "S3 bucket b at http://…". */
  readonly description: string;
}

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
const MAX_KEY_LENGTH = 512;

/** Keys map onto file paths on local disk, so anything that could leave the root is refused. */
export function assertValidKey(key: string) {
  if (typeof key !== "string" || key.length === 0) throw new InvalidObjectKey(String(key ?? ""), "must not be empty");
  if (key.length > MAX_KEY_LENGTH) throw new InvalidObjectKey(key, `longer than ${MAX_KEY_LENGTH} characters`);
  if (!KEY_PATTERN.test(key)) {
    throw new InvalidObjectKey(key, "use letters, digits, '.', '_', '-' and '/', starting with a letter or digit");
  }
  for (const segment of key.split("/")) {
    if (segment === "") throw new InvalidObjectKey(key, "empty path segment ('//' or trailing '/')");
    if (segment === "." || segment === "..") throw new InvalidObjectKey(key, `'${segment}' path segment`);
  }
}

const isBinary = (body: Buffer | Uint8Array | Readable): body is Buffer | Uint8Array => body instanceof Uint8Array;

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code;

// ---------------------------------------------------------------------------------------------
// Local disk

/** Objects as files under rootDir; content types are not kept. */
export function localObjectStorage(rootDir: string): ObjectStorage {
  const root = path.resolve(rootDir);
  const fileFor = (key: string) => {
    assertValidKey(key);
    return path.join(root, ...key.split("/"));
  };

  return {
    description: `local disk at ${root}`,

    async put(key, body) {
      const file = fileFor(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Same directory so the rename is atomic: readers see the old object or the new one, never half.
      const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
      try {
        if (isBinary(body)) await writeFile(temp, body);
        else await pipeline(body, createWriteStream(temp));
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    async getStream(key) {
      const file = fileFor(key);
      const handle = await open(file, "r").catch((error) => {
        throw errorCode(error) === "ENOENT" ? new ObjectNotFound(key) : error;
      });
      if (!(await handle.stat()).isFile()) {
        await handle.close();
        throw new ObjectNotFound(key);
      }
      return handle.createReadStream();
    },

    async getBuffer(key) {
      const file = fileFor(key);
      return readFile(file).catch((error) => {
        throw ["ENOENT", "EISDIR"].includes(errorCode(error) ?? "") ? new ObjectNotFound(key) : error;
      });
    },

    async exists(key) {
      const file = fileFor(key);
      const info = await stat(file).catch((error) => {
        if (errorCode(error) === "ENOENT") return undefined;
        throw error;
      });
      return Boolean(info?.isFile());
    },

    async delete(key) {
      const file = fileFor(key);
      await unlink(file).catch((error) => {
        if (!["ENOENT", "EISDIR"].includes(errorCode(error) ?? "")) throw error;
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// S3-compatible bucket

export interface S3StorageConfig {
  bucket: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
  prefix?: string;
}

const isMissingObject = (error: unknown) => {
  const name = (error as { name?: string } | null)?.name;
  return name === "NoSuchKey" || name === "NotFound";
};

export function s3ObjectStorage(config: S3StorageConfig): ObjectStorage {
  if (Boolean(config.accessKeyId) !== Boolean(config.secretAccessKey)) {
    throw new Error("S3 storage needs both an access key id and a secret access key, or neither");
  }
  const prefix = config.prefix?.replace(/^\/+|\/+$/g, "");
  if (prefix) assertValidKey(prefix);
  const client = new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    // The default (WHEN_SUPPORTED) adds flexible checksums with aws-chunked streaming bodies,
    // which s3rver and some other S3-compatible servers store as corrupted bytes.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = config.bucket;
  const objectKey = (key: string) => {
    assertValidKey(key);
    return prefix ? `${prefix}/${key}` : key;
  };
  const where = config.endpoint ?? `AWS region ${config.region}`;

  const getObject = async (key: string) => {
    const Key = objectKey(key);
    try {
      const { Body } = await client.send(new GetObjectCommand({ Bucket, Key }));
      if (!Body) throw new Error(`S3 returned no body for "${key}"`);
      return Body;
    } catch (error) {
      throw isMissingObject(error) ? new ObjectNotFound(key) : error;
    }
  };

  return {
    description: `S3 bucket ${Bucket}${prefix ? ` (prefix ${prefix}/)` : ""} at ${where}`,

    async put(key, body, contentType) {
      const Key = objectKey(key);
      if (isBinary(body)) {
        await client.send(new PutObjectCommand({ Bucket, Key, Body: body, ContentType: contentType }));
        return;
      }
      // Upload sends the stream in parts (multipart above 5 MB), so it is never held whole.
      await new Upload({ client, params: { Bucket, Key, Body: body, ContentType: contentType } }).done();
    },

    async getStream(key) {
      const body = await getObject(key);
      if (!(body instanceof Readable)) throw new Error(`S3 body for "${key}" is not a Node stream`);
      return body;
    },

    async getBuffer(key) {
      const body = await getObject(key);
      return Buffer.from(await body.transformToByteArray());
    },

    async exists(key) {
      const Key = objectKey(key);
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key }));
        return true;
      } catch (error) {
        if (isMissingObject(error)) return false;
        throw error;
      }
    },

    async delete(key) {
      const Key = objectKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key }));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Configured storage

/** S3 when S3_BUCKET is set, else local disk at DATA_DIR/storage. Builds clients only, no I/O. */
export function storageFromEnv(e: Env): ObjectStorage {
  if (!e.S3_BUCKET) return localObjectStorage(path.resolve(e.DATA_DIR, "storage"));
  return s3ObjectStorage({
    bucket: e.S3_BUCKET,
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
    prefix: e.S3_PREFIX,
  });
}

let configured: ObjectStorage | undefined;

/** The configured storage, cached per process. */
export function objectStorage(): ObjectStorage {
  configured ??= storageFromEnv(env());
  return configured;
}
