import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { csrfRefusal, verifyCsrf } from "./csrf.server";

export class UploadTooLarge extends Error {}

/**
 * A multipart form read with a per-part size ceiling (never buffering an unbounded body), then
 * the same CSRF check as readForm.
 */
export async function readMultipartForm(request: Request, maxPartBytes: number) {
  // A body that is not multipart has no token to read (the parser would throw): refused like a form without one.
  if (!/^multipart\/form-data\s*;/i.test(request.headers.get("content-type") ?? "")) throw csrfRefusal();
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxPartBytes + 64 * 1024) throw new UploadTooLarge();
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxPartBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) throw new UploadTooLarge();
    throw error;
  }
  await verifyCsrf(request, form);
  return form;
}
