import { requestScope } from "./logger.server";

/**
 * Per-request phase durations (ms) for the `Server-Timing` response header, on when SERVER_TIMING
 * is set (npm run profile turns it on): where a request's time goes, read from outside without a
 * profiler. Phases add up when they repeat (several transactions count as one `db`).
 */
export type Timings = Map<string, { ms: number; count: number }>;

export function addTiming(name: string, ms: number) {
  const timings = requestScope.getStore()?.timings;
  if (!timings) return;
  const entry = timings.get(name);
  if (entry) {
    entry.ms += ms;
    entry.count += 1;
  } else timings.set(name, { ms, count: 1 });
}

export async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!requestScope.getStore()?.timings) return work();
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    addTiming(name, performance.now() - t0);
  }
}

export const serverTimingHeader = (timings: Timings) =>
  [...timings].map(([name, { ms, count }]) => `${name};dur=${ms.toFixed(2)}${count > 1 ? `;desc="${count}×"` : ""}`).join(", ");
