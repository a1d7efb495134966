const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A well-formed uuid: ids from URLs and forms are checked before they reach a query (else 404/400). */
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);
