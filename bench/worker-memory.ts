/**
 * The real worker (`node --import tsx jobs/main.ts`, production mode, worker only) as a child
 * process, with its resident memory read from /proc: VmRSS sampled while a phase runs, VmHWM
 * (the kernel's own peak) whenever asked.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { stopperFor } from "./http";

export interface WorkerProcess {
  pid: number;
  /** Current resident set (VmRSS), MB. */
  rssMb(): number;
  /** Peak resident set since the process started (VmHWM), MB. */
  peakRssMb(): number;
  /** CPU time (user + system) the process used so far, ms. */
  cpuMs(): number;
  /** Samples VmRSS every `everyMs` until the returned function is called; it returns the peak seen, MB. */
  sampleRss(everyMs?: number): () => number;
  /** graphile-worker's "Completed task" lines so far: task name and its own duration, in order. */
  completedTasks(): { task: string; ms: number }[];
  /** The last ~50 kB the worker logged. */
  recentOutput(): string;
  stop(): Promise<void>;
}

/** 0 once the process is gone (a sampler must not throw from its timer). */
function statusKb(pid: number, field: "VmRSS" | "VmHWM") {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** utime + stime from /proc/<pid>/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
function cpuTicks(pid: number) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Starts the worker against `databaseUrl` (owner URL) with its storage under `dataDir`; resolves once it logged "worker started". */
export async function startWorkerProcess(options: { databaseUrl: string; dataDir: string; logLevel?: string }): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/main.ts"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: options.dataDir,
      RUN_WEB: "false",
      RUN_WORKER: "true",
      STORAGE_SHARED: "true", // web and worker on this one machine (env.server.ts separateStorageProblem)
      SEED_DEMO: "false",
      LOG_LEVEL: options.logLevel ?? "info",
    },
  });
  let output = "";
  let pending = "";
  const completed: { task: string; ms: number }[] = [];
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-50_000));
  child.stdout!.on("data", (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      const match = /Completed task \d+ \(([\w:]+), ([\d.]+)ms\)/.exec(line);
      if (match) completed.push({ task: match[1], ms: Number(match[2]) });
    }
  });
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const stop = stopperFor(child);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start within 60 s:\n${output}`)), 60_000);
      const onData = () => {
        if (!output.includes("worker started")) return;
        clearTimeout(timer);
        child.stdout!.off("data", onData);
        resolve();
      };
      child.stdout!.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited with ${code} before starting:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const pid = child.pid!;
  return {
    pid,
    rssMb: () => statusKb(pid, "VmRSS") / 1024,
    peakRssMb: () => statusKb(pid, "VmHWM") / 1024,
    cpuMs: () => cpuTicks(pid) * 10,
    sampleRss(everyMs = 50) {
      let peak = statusKb(pid, "VmRSS");
      const timer = setInterval(() => (peak = Math.max(peak, statusKb(pid, "VmRSS"))), everyMs);
      return () => {
        clearInterval(timer);
        return Math.max(peak, statusKb(pid, "VmRSS")) / 1024;
      };
    },
    completedTasks: () => [...completed],
    recentOutput: () => output,
    stop,
  };
}
