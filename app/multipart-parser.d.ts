// @web3-storage/multipart-parser ships types its package.json "exports" do not point to.
declare module "@web3-storage/multipart-parser" {
  /** Each part of a multipart body in order; a part's `data` streams and must be read before the next. */
  export function streamMultipart(body: ReadableStream<Uint8Array>, boundary: string): AsyncGenerator<unknown, void, unknown>;
}
