/** True when `error` (or the driver error it wraps) is a unique violation of `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string) {
  const e = error as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } };
  const cause = e?.cause ?? e;
  return cause?.code === "23505" && cause.constraint_name === constraint;
}

// The server went away or refuses connections for now: class 08 (connection exception), 57P01
// admin_shutdown (also `pg_ctl -m immediate`, pg_terminate_backend), 57P02 crash_shutdown, 57P03
// cannot_connect_now (starting up, in recovery, shutting down), 53300 too_many_connections.
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
// postgres.js's own connection errors and the socket errors it passes through.
const UNAVAILABLE_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/**
 * True when `error` (or an error it wraps: drizzle puts the driver's error in `cause`) means the
 * database could not be reached or dropped the connection, as opposed to refusing the statement.
 */
export function isConnectionError(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | null | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && (UNAVAILABLE_CODES.has(e.code) || UNAVAILABLE_SQLSTATE.test(e.code))) return true;
  }
  return false;
}
