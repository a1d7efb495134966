/** True when `error` (or the driver error it wraps) is a unique violation of `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string) {
  const e = error as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const cause = e?.cause ?? e;
  return cause?.code === "23505" && cause.constraint === constraint;
}

export { isConnectionError } from "@db/connection-errors";
