import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";

export interface RequestScope {
  requestId: string;
  /** Client address as Express resolved it (honours TRUST_PROXY). */
  ip?: string | null;
  /** Phase durations for the Server-Timing header (server-timing.server.ts), when it is on. */
  timings?: Map<string, { ms: number; count: number }>;
}

// On globalThis: server.ts and the React Router server bundle each load their own copy of this module,
// and both must share one scope and one logger.
const store = globalThis as unknown as { __secgLogger?: pino.Logger; __secgRequestScope?: AsyncLocalStorage<RequestScope> };

/** Carries the request id from server.ts into services, logs and `app.request_id`. */
export const requestScope: AsyncLocalStorage<RequestScope> = (store.__secgRequestScope ??= new AsyncLocalStorage<RequestScope>());

export const currentRequestId = () => requestScope.getStore()?.requestId ?? null;
export const currentRequestIp = () => requestScope.getStore()?.ip ?? null;

/**
 * LOG_FORMAT: `json` (one JSON object a line, for log collectors), `pretty` (one short readable line),
 * or `auto` (default): pretty when stdout is a terminal, JSON otherwise (Fly, docker, files, pipes).
 */
export const prettyLogs = process.env.LOG_FORMAT === "pretty" || (process.env.LOG_FORMAT !== "json" && Boolean(process.stdout.isTTY));

/** Logs on stdout; every line carries the current request id when there is one. */
export const logger: pino.Logger = (store.__secgLogger ??= pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    base: { service: "secg-erp" },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  },
  prettyLogs ? { write: (line: string) => void process.stdout.write(prettyLine(line, colors())) } : undefined,
));

function colors() {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}

const LEVELS: Record<number, [string, string]> = {
  10: ["TRACE", "90"],
  20: ["DEBUG", "90"],
  30: ["INFO ", "36"],
  40: ["WARN ", "33"],
  50: ["ERROR", "31"],
  60: ["FATAL", "41"],
};
const HIDDEN = new Set(["level", "time", "msg", "service", "pid", "hostname", "requestId", "err"]);

/**
 * One pino JSON line as one readable line: `12:04:05 INFO  GET /projects 200 8.1ms`, other
 * fields as key=value; an error's stack on the lines after it.
 */
export function prettyLine(json: string, color = false): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith("\n") ? json : `${json}\n`;
  }
  const paint = (code: string, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const [label, code] = LEVELS[Number(entry.level)] ?? ["LOG  ", "0"];
  const time = typeof entry.time === "string" ? entry.time.slice(11, 19) : "";
  const message =
    entry.msg === "request" && entry.method
      ? `${String(entry.method)} ${String(entry.path)} ${String(entry.status)} ${String(entry.ms)}ms`
      : String(entry.msg ?? "");
  const skip = entry.msg === "request" ? new Set([...HIDDEN, "method", "path", "status", "ms"]) : HIDDEN;
  const extra = Object.entries(entry)
    .filter(([key]) => !skip.has(key))
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n${(err.stack ?? err.message ?? "").replace(/^/gm, "    ")}` : "";
  const line = `${paint("90", time)} ${paint(code, label)} ${message}${extra ? ` ${paint("90", extra.length > 300 ? `${extra.slice(0, 300)}…` : extra)}` : ""}`;
  return `${line}${stack}\n`;
}
