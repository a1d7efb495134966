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

/**
 * A multipart form whose CSRF token is checked before any other part is buffered: the token must
 * be the first part (PostForm renders it first), and each part is held to `maxPartBytes`. The
 * caller checks the session first; server.ts caps the whole body (request-body.server.ts).
 */
export async function readMultipartForm(request: Request, maxPartBytes: number) {
  // A body that is not multipart has no token to read (the parser would throw): refused like a form without one.
  if (!/^multipart\/form-data\s*;/i.test(request.headers.get("content-type") ?? "")) throw csrfRefusal();
  const expected = await csrfToken(request);
  if (!expected) throw csrfRefusal();
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxPartBytes });
  let verified = false;
  const handler: UploadHandler = async (part) => {
    if (verified) return memory(part);
    if (part.name !== CSRF_FIELD || part.filename !== undefined || !safeEqual(await partText(part.data, TOKEN_BYTES), expected)) throw csrfRefusal();
    verified = true;
    return expected;
  };
  try {
    const form = await unstable_parseMultipartFormData(request, handler);
    if (!verified) throw csrfRefusal();
    return form;
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new UploadTooLarge();
    if (isBodyTooLarge(error)) throw new Response("This request is too large.", { status: 413 });
    if (error instanceof Response) throw error;
    // A malformed multipart body (no boundary, cut short) carries no token we could trust.
    throw csrfRefusal();
  }
}
