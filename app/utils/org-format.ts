/**
 * Dates and times as the organization reads them: times in its time zone, dates in its locale's
 * format. Browser-safe; ISO strings stay in URLs, form values and exports. Formatters are cached
 * per locale and zone because tables format one per cell.
 */

/** Locales an organization may choose, each shown with how it writes 7 December 2026. */
export const LOCALES = [
  "en-US",
  "en-CA",
  "en-GB",
  "en-AU",
  "fr-CA",
  "es-US",
] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_LABELS: Record<Locale, string> = {
  "en-US": "English (United States)",
  "en-CA": "English (Canada)",
  "en-GB": "English (United Kingdom)",
  "en-AU": "English (Australia)",
  "fr-CA": "Français (Canada)",
  "es-US": "Español (Estados Unidos)",
};

export interface OrgFormat {
  timeZone: string;
  locale: Locale;
}

/** Signed out or no organization yet: plain UTC in US English. */
export const DEFAULT_ORG_FORMAT: OrgFormat = {
  timeZone: "UTC",
  locale: "en-US",
};

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(
  key: string,
  locale: string,
  options: Intl.DateTimeFormatOptions,
) {
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    cache.set(key, found);
  }
  return found;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A calendar date ("2026-12-07") in the locale's medium format ("Dec 7, 2026", "7 Dec 2026").
 * The date is a day, not an instant: it is never shifted by a time zone. Anything else is returned as it is.
 */
export function formatDate(
  value: string,
  format: OrgFormat = DEFAULT_ORG_FORMAT,
): string {
  const match = CALENDAR_DATE.exec(value);
  if (!match) return value;
  const day = new Date(
    Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])),
  );
  if (Number.isNaN(day.getTime())) return value;
  return formatter(`d|${format.locale}`, format.locale, {
    dateStyle: "medium",
    timeZone: "UTC",
  }).format(day);
}

/** An instant (ISO timestamp) in the organization's zone: "Dec 7, 2026, 10:45 AM EST". */
export function formatDateTime(
  value: string,
  format: OrgFormat = DEFAULT_ORG_FORMAT,
): string {
  if (!TIMESTAMP.test(value)) return value;
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  const options: Intl.DateTimeFormatOptions = {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: format.timeZone,
    timeZoneName: "short",
  };
  return formatter(
    `t|${format.locale}|${format.timeZone}`,
    format.locale,
    options,
  ).format(instant);
}

/** Today's date ("YYYY-MM-DD") in the organization's zone: the default for dates a form proposes. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD
  return formatter(`today|${timeZone}`, "en-CA", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    timeZone,
  }).format(now);
}
