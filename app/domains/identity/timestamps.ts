/**
 * A timestamptz of a raw function result: drizzle hands raw rows over as the driver gives them,
 * a string or a Date depending on the driver, so they are made Dates here.
 */
export function timestamp(value: unknown): Date;
export function timestamp(value: unknown | null): Date | null;
export function timestamp(value: unknown) {
  return value == null ? null : new Date(value as string | Date);
}
