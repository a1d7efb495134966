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

/** Structured JSON logs on stdout; every line carries the current request id when there is one. */
export const logger: pino.Logger = (store.__secgLogger ??= pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "secg-erp" },
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin: () => {
    const requestId = currentRequestId();
    return requestId ? { requestId } : {};
  },
}));
