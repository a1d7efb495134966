import { Logger } from "graphile-worker";
import { logger, prettyLogs } from "~/utils/logger.server";

/**
 * graphile-worker's logger writing into our pino stream. In a terminal (pretty logs) its routine
 * info lines (worker connected, every job completed, cron) are logged at debug, so the console's
 * ready banner stays readable (LOG_LEVEL=debug shows them); JSON logs keep them at info.
 */
export function workerLogger(minLevel: "debug" | "info" | "warning" | "error" = "info", quiet = prettyLogs) {
  const order = ["debug", "info", "warning", "error"];
  return new Logger((scope) => (level, message, meta) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    const info = quiet ? "debug" : "info";
    const method = level === "warning" ? "warn" : level === "error" ? "error" : level === "debug" ? "debug" : info;
    logger[method]({ worker: scope, ...(meta ?? {}) }, message);
  });
}
