/** True when `error` (or the driver error it wraps) is a unique violation of `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string) {
  const e = error as { code?: string; constraint_name?: string; cause?: { code?: string; constraint_name?: string } };
  const cause = e?.cause ?? e;
  return cause?.code === "23505" && cause.constraint_name === constraint;
}
