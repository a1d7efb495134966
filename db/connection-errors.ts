// The server went away or refuses connections for now: class 08 (connection exception), 57P01
// admin_shutdown (also `pg_ctl -m immediate`, pg_terminate_backend), 57P02 crash_shutdown, 57P03
// cannot_connect_now (starting up, in recovery, shutting down), 53300 too_many_connections.
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// Socket errors node-postgres passes through.
const UNAVAILABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// node-postgres's own errors for a connection that ended, never opened in time or is unusable.
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect|Query read timeout)$/;

/**
 * True when `error` (or an error it wraps: drizzle puts the driver's error in `cause`) means the
 * database could not be reached or dropped the connection, as opposed to refusing the statement.
 */
export function isConnectionError(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
    if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}
