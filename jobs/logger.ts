import { Logger } from "graphile-worker";
import { logger } from "~/utils/logger.server";

/** graphile-worker's logger writing into our pino stream. */
export function workerLogger(minLevel: "debug" | "info" | "warning" | "error" = "info") {
  const order = ["debug", "info", "warning", "error"];
  return new Logger((scope) => (level, message, meta) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    const method = level === "warning" ? "warn" : level === "error" ? "error" : level === "debug" ? "debug" : "info";
    logger[method]({ worker: scope, ...(meta ?? {}) }, message);
  });
}
