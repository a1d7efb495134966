/** Latency sampling shared by the benchmarks: N workers draining a bounded request budget. */

export interface Stats {
  n: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  opsPerSecond: number;
}

export interface MeasureOptions {
  concurrency: number;
  iterations: number;
  warmup: number;
  /** Stop starting new calls after this long (the request budget still bounds the count). */
  maxMs?: number;
}

const round = (v: number, places = 3) => Math.round(v * 10 ** places) / 10 ** places;

export function summarize(samples: number[], wallMs: number): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return {
    n: sorted.length,
    meanMs: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
    p50Ms: round(pick(0.5)),
    p95Ms: round(pick(0.95)),
    opsPerSecond: round((sorted.length / wallMs) * 1000, 1),
  };
}

/** Warms up sequentially, then runs `iterations` calls spread over `concurrency` workers. */
export async function measure(options: MeasureOptions, fn: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < options.warmup; i++) await fn();
  const samples: number[] = [];
  let next = 0;
  const t0 = performance.now();
  const deadline = t0 + (options.maxMs ?? Infinity);
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next++ < options.iterations && performance.now() < deadline) {
        const s = performance.now();
        await fn();
        samples.push(performance.now() - s);
      }
    }),
  );
  return summarize(samples, performance.now() - t0);
}

export const ratio = (a: number, b: number) => round(a / b, 2);

