import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { CSRF_FIELD } from "./csrf";
import { csrfRefusal, csrfToken } from "./csrf.server";
import { isBodyTooLarge } from "./request-body.server";
import { safeEqual } from "./secrets.server";

export class UploadTooLarge extends Error {}

const TOKEN_BYTES = 256;

async function partText(data: AsyncIterable<Uint8Array>, max: number) {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > max) throw csrfRefusal();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function* capped(data: AsyncIterable<Uint8Array>, name: string, max: number) {
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > max) throw new MaxPartSizeExceededError(name, max);
    yield chunk;
  }
}

/** An uploaded file as it sits on disk: valid only while the callback of withMultipartForm runs. */
export type UploadedFile = { filename: string; type: string; size: number; path: string };

type TempFolder = { path: string | null };

/**
 * A multipart form whose CSRF token is checked before any other part is buffered: the token must
 * be the first part (PostForm renders it first), and each part is held to `maxPartBytes`. The
 * caller checks the session first; server.ts caps the whole body (request-body.server.ts).
 * Uploaded files stream to a temp folder as they arrive and are never read back into memory here:
 * `handle` gets each file field's first file as a path, and the folder is removed once it settles
 * (or as soon as the body is refused).
 */
export async function withMultipartForm<T>(
  request: Request,
  maxPartBytes: number,
  handle: (form: FormData, files: ReadonlyMap<string, UploadedFile>) => Promise<T>,
): Promise<T> {
  const folder: TempFolder = { path: null };
  try {
    const { form, files } = await parseMultipartForm(request, maxPartBytes, folder);
    return await handle(form, files);
  } finally {
    if (folder.path) await rm(folder.path, { recursive: true, force: true });
  }
}

async function parseMultipartForm(request: Request, maxPartBytes: number, folder: TempFolder) {
  // A body that is not multipart has no token to read (the parser would throw): refused like a form without one.
  if (!/^multipart\/form-data\s*;/i.test(request.headers.get("content-type") ?? "")) throw csrfRefusal();
  const expected = await csrfToken(request);
  if (!expected) throw csrfRefusal();
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxPartBytes });
  const files = new Map<string, UploadedFile>();
  let count = 0;
  const toDisk: UploadHandler = async (part) => {
    folder.path ??= await mkdtemp(path.join(tmpdir(), "secg-upload-"));
    const file = path.join(folder.path, String(count++));
    await pipeline(Readable.from(capped(part.data, part.name, maxPartBytes)), createWriteStream(file));
    if (!files.has(part.name)) files.set(part.name, { filename: part.filename!, type: part.contentType, size: (await stat(file)).size, path: file });
    return undefined; // a file is handed over as a path, never as a FormData value
  };
  let verified = false;
  const handler: UploadHandler = async (part) => {
    if (verified) return part.filename === undefined ? memory(part) : toDisk(part);
    if (part.name !== CSRF_FIELD || part.filename !== undefined || !safeEqual(await partText(part.data, TOKEN_BYTES), expected)) throw csrfRefusal();
    verified = true;
    return expected;
  };
  try {
    const form = await unstable_parseMultipartFormData(request, handler);
    if (!verified) throw csrfRefusal();
    return { form, files };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new UploadTooLarge();
    if (isBodyTooLarge(error)) throw new Response("This request is too large.", { status: 413 });
    if (error instanceof Response) throw error;
    // A malformed multipart body (no boundary, cut short) carries no token we could trust.
    throw csrfRefusal();
  }
}
