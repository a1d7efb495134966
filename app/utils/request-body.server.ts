import type { Readable } from "node:stream";
import { DEFAULT_LIMITS, formatBytes } from "~/domains/imports/upload-limits";
import { LOGO_MAX_BYTES } from "~/domains/organizations/settings.server";
import { PHOTO_MAX_POST_BYTES } from "~/domains/photos/photo-subjects";

/** Room for a multipart body's boundaries, part headers and small fields next to its one file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

/** Every other body is a form of text fields (the largest, a pay application's lines, is well under this). */
export const DEFAULT_BODY_CAP_BYTES = 1024 * 1024;

const ROUTE_CAPS: [RegExp, number][] = [
  [/^\/imports\/new\/?$/i, DEFAULT_LIMITS.maxFileBytes + MULTIPART_OVERHEAD_BYTES],
  [/^\/settings\/organization\/?$/i, LOGO_MAX_BYTES + MULTIPART_OVERHEAD_BYTES],
  [/^\/projects\/[^/]+\/photos\/?$/i, PHOTO_MAX_POST_BYTES + MULTIPART_OVERHEAD_BYTES],
];

/** The most bytes a request body to `pathname` may have, declared or streamed. */
export function bodyCap(pathname: string) {
  return ROUTE_CAPS.find(([pattern]) => pattern.test(pathname))?.[1] ?? DEFAULT_BODY_CAP_BYTES;
}

export const bodyTooLargeMessage = (cap: number) => `This request is larger than ${formatBytes(cap)}, the most this page accepts.`;

/** Named so code in the React Router bundle (its own copy of this module) can recognise it by name. */
export class BodyTooLarge extends Error {
  constructor(readonly cap: number) {
    super(bodyTooLargeMessage(cap));
    this.name = "BodyTooLarge";
  }
}

export const isBodyTooLarge = (error: unknown) => (error as Error | null)?.name === "BodyTooLarge";

/**
 * The body as a web stream that reads `source` only when pulled and counts its bytes, whether a
 * length was declared or not: past `cap` it calls `onOverflow` once and errors with BodyTooLarge,
 * so nothing beyond the cap is read or buffered.
 */
export function countedBody(source: Readable, cap: number, onOverflow: () => void): ReadableStream<Uint8Array> {
  // destroyOnReturn false: a reader that stops early must not destroy the socket the answer goes out on.
  const chunks = source.iterator({ destroyOnReturn: false });
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) return controller.close();
      const chunk = next.value as Buffer;
      seen += chunk.byteLength;
      if (seen > cap) {
        onOverflow();
        controller.error(new BodyTooLarge(cap));
        return;
      }
      controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
    async cancel() {
      await chunks.return?.();
    },
  });
}
