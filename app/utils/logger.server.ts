import { AsyncLocalStorage } from "node:async_hooks";
import pino from "pino";

export interface RequestScope {
  requestId: string;
}

/** Carries the request id from server.ts into services, logs and `app.request_id`. */
export const requestScope = new AsyncLocalStorage<RequestScope>();

export const currentRequestId = () => requestScope.getStore()?.requestId ?? null;

const store = globalThis as unknown as { __secgLogger?: pino.Logger };

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
