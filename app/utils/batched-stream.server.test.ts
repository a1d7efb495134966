import { describe, expect, it } from "vitest";
import { batchedStream } from "./batched-stream.server";

const collect = (stream: NodeJS.ReadableStream) =>
  new Promise<Buffer[]>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(chunks));
    stream.on("error", reject);
  });

describe("batchedStream", () => {
  it("joins the writes of one event-loop turn into one chunk, keeping every byte in order", async () => {
    const stream = batchedStream();
    const out = collect(stream);
    for (let i = 0; i < 100; i++) stream.write(`<td>${i}</td>`);
    await new Promise((resolve) => setImmediate(resolve));
    stream.write("<p>later</p>");
    stream.end("</html>");
    const chunks = await out;
    expect(chunks).toHaveLength(2);
    const expected = Array.from({ length: 100 }, (_, i) => `<td>${i}</td>`).join("");
    expect(chunks[0].toString()).toBe(expected);
    expect(chunks[1].toString()).toBe("<p>later</p></html>");
  });

  it("ends cleanly with nothing written", async () => {
    const stream = batchedStream();
    const out = collect(stream);
    stream.end();
    expect(await out).toEqual([]);
  });
});
