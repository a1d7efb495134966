import { asOfQuerySchema } from "./wip-close.schema";

/** `?asOf=` of a WIP URL: the date, or null (now); a malformed one is reported, not a 500. */
export function readAsOf(url: URL): { asOf: string | null; asOfError: string | null } {
  const raw = url.searchParams.get("asOf");
  if (raw === null || raw === "") return { asOf: null, asOfError: null };
  const parsed = asOfQuerySchema.safeParse({ asOf: raw });
  return parsed.success && parsed.data.asOf
    ? { asOf: parsed.data.asOf, asOfError: null }
    : { asOf: null, asOfError: `"${raw.slice(0, 40)}" is not a date (YYYY-MM-DD): the schedule below is as of now.` };
}
