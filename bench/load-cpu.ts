/**
 * Where the CPU went during the load test: user + system time of the web server, the worker, the
 * PostgreSQL server (postmaster and its backends) and the load generator itself, from /proc.
 * Linux only; a process that is gone reads as 0.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const TICKS_PER_SECOND = 100;

function stat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** CPU seconds of `pid`. */
export const cpuSeconds = (pid: number) => (stat(pid)?.ticks ?? 0) / TICKS_PER_SECOND;

/** CPU seconds of the PostgreSQL server whose data directory is `dataDir`: the postmaster and every live child. */
export function postgresCpuSeconds(dataDir: string | null): number {
  const pidFile = dataDir ? path.join(dataDir, "postmaster.pid") : null;
  if (!pidFile || !existsSync(pidFile)) return NaN;
  const postmaster = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  let ticks = stat(postmaster)?.ticks ?? 0;
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
