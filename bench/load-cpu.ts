/**
 * Where the CPU went during the load test: user + system time of the web server, the worker, the
 * PostgreSQL server (postmaster and its backends) and the load generator itself, from /proc.
 * Linux only; a process that is gone reads as 0.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const TICKS_PER_SECOND = 100;

function stat(pid: number): { ppid: number; ticks: number; reapedTicks: number } | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // utime + stime; cutime + cstime: the children it has waited for (exited)
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]), reapedTicks: Number(fields[13]) + Number(fields[14]) };
  } catch {
    return null;
  }
}

/** CPU seconds of `pid`. */
export const cpuSeconds = (pid: number) => (stat(pid)?.ticks ?? 0) / TICKS_PER_SECOND;

/** CPU seconds of `pid` and its live children (the web processes of WEB_CONCURRENCY > 1). */
export function processTreeCpuSeconds(pid: number) {
  let ticks = stat(pid)?.ticks ?? 0;
  for (const entry of readdirSync("/proc")) {
    if (/^\d+$/.test(entry) && stat(Number(entry))?.ppid === pid) ticks += stat(Number(entry))?.ticks ?? 0;
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * CPU seconds of the PostgreSQL server whose data directory is `dataDir`: the postmaster, every live
 * child, and the children that already exited (the postmaster reaps them). Without the exited ones a
 * backend that ends between two readings (a pool closing an idle connection) takes its whole CPU
 * time out of the difference, which could turn negative.
 */
export function postgresCpuSeconds(dataDir: string | null): number {
  const pidFile = dataDir ? path.join(dataDir, "postmaster.pid") : null;
  if (!pidFile || !existsSync(pidFile)) return NaN;
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  const own = stat(postmaster);
  let ticks = (own?.ticks ?? 0) + (own?.reapedTicks ?? 0);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s?.ppid === postmaster) ticks += s.ticks;
  }
  return ticks / TICKS_PER_SECOND;
}

/** This process (the load generator). */
export const selfCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
