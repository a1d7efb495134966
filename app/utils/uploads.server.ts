import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { streamMultipart } from "@web3-storage/multipart-parser";
import { CSRF_FIELD } from "./csrf";
import { csrfRefusal, csrfToken } from "./csrf.server";
import { isBodyTooLarge } from "./request-body.server";
import { safeEqual } from "./secrets.server";

export class UploadTooLarge extends Error {}

const TOKEN_BYTES = 256;

/** One part of a multipart body as the parser streams it; `data` must be read before the next part. */
type Part = { done?: boolean; name: string; filename?: string; contentType: string; data: AsyncIterable<Uint8Array> };

async function* capped(data: AsyncIterable<Uint8Array>, max: number, tooLarge: () => unknown) {
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > max) throw tooLarge();
    yield chunk;
  }
}

async function partText(data: AsyncIterable<Uint8Array>, max: number, tooLarge: () => unknown) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of capped(data, max, tooLarge)) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
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
  return withMultipartFiles(request, { maxPartBytes }, (form, files) =>
    handle(form, new Map([...files].map(([name, list]) => [name, list[0]]))),
  );
}

/** More files than a form accepts: refused as soon as the one too many starts to arrive. */
export class TooManyUploads extends Error {
  constructor(readonly maxFiles: number) {
    super(`At most ${maxFiles} files can be sent at once.`);
    this.name = "TooManyUploads";
  }
}

/**
 * withMultipartForm for a field with several files (`<input type="file" multiple>`): `handle` gets
 * every file of each field, in the order sent. Empty file parts (an input left blank) are dropped.
 * Past `maxFiles` files in all, the body is refused with TooManyUploads before the extra is stored.
 */
export async function withMultipartFiles<T>(
  request: Request,
  limits: { maxPartBytes: number; maxFiles?: number },
  handle: (form: FormData, files: ReadonlyMap<string, readonly UploadedFile[]>) => Promise<T>,
): Promise<T> {
  const folder: TempFolder = { path: null };
  try {
    const { form, files } = await parseMultipartForm(request, limits.maxPartBytes, limits.maxFiles ?? Infinity, folder);
    return await handle(form, files);
  } finally {
    if (folder.path) await rm(folder.path, { recursive: true, force: true });
  }
}

async function parseMultipartForm(request: Request, maxPartBytes: number, maxFiles: number, folder: TempFolder) {
  // A body that is not multipart has no token to read: refused like a form without one.
  const [type, boundary] = (request.headers.get("content-type") ?? "").split(/\s*;\s*boundary=/);
  if (type.toLowerCase() !== "multipart/form-data" || !boundary || !request.body) throw csrfRefusal();
  const expected = await csrfToken(request);
  if (!expected) throw csrfRefusal();
  const form = new FormData();
  const files = new Map<string, UploadedFile[]>();
  let stored = 0;
  const tooLarge = () => new UploadTooLarge();
  const toDisk = async (part: Part, filename: string) => {
    folder.path ??= await mkdtemp(path.join(tmpdir(), "secg-upload-"));
    const file = path.join(folder.path, String(stored));
    await pipeline(Readable.from(capped(part.data, maxPartBytes, tooLarge)), createWriteStream(file));
    const size = (await stat(file)).size;
    // A file input left empty still sends a part (no name, no bytes): it is no file.
    if (size === 0 && filename === "") return;
    if (++stored > maxFiles) throw new TooManyUploads(maxFiles);
    const list = files.get(part.name) ?? [];
    list.push({ filename, type: part.contentType, size, path: file });
    files.set(part.name, list);
  };
  let verified = false;
  try {
    for await (const part of streamMultipart(request.body, boundary) as AsyncIterable<Part>) {
      if (part.done) break;
      // only the base name, as RFC 7578 recommends
      const filename = typeof part.filename === "string" ? part.filename.split(/[/\\]/).pop()! : undefined;
      if (!verified) {
        if (part.name !== CSRF_FIELD || filename !== undefined || !safeEqual(await partText(part.data, TOKEN_BYTES, csrfRefusal), expected)) throw csrfRefusal();
        verified = true;
        form.append(CSRF_FIELD, expected);
      } else if (filename === undefined) form.append(part.name, await partText(part.data, maxPartBytes, tooLarge));
      else await toDisk(part, filename); // a file is handed over as a path, never as a FormData value
    }
    if (!verified) throw csrfRefusal();
    return { form, files };
  } catch (error) {
    if (error instanceof UploadTooLarge || error instanceof TooManyUploads || error instanceof Response) throw error;
    if (isBodyTooLarge(error)) throw new Response("This request is too large.", { status: 413 });
    // A malformed multipart body (cut short, bad headers) carries no token we could trust.
    throw csrfRefusal();
  }
}
