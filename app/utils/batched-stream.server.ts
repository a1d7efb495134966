import { Transform } from "node:stream";

/**
 * React writes rendered HTML in many small pieces (~2 kB each), and `compression` runs a zlib
 * call per write: on a large page that doubled server time. This gathers everything written in
 * one event-loop turn into one chunk, so the page still streams (a later Suspense boundary goes
 * out in its own turn) but compression sees a few large writes.
 */
export function batchedStream(): Transform {
  let parts: Buffer[] = [];
  let size = 0;
  let scheduled = false;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      parts.push(chunk);
      size += chunk.length;
      if (!scheduled) {
        scheduled = true;
        setImmediate(release);
      }
      done();
    },
    flush(done) {
      release();
      done();
    },
  });
  function release() {
    scheduled = false;
    if (size === 0) return;
    stream.push(Buffer.concat(parts, size));
    parts = [];
    size = 0;
  }
  return stream;
}
