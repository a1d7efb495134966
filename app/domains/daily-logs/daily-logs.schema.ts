import { z } from "zod";
import { checkboxField, dateField, versionField as version } from "~/utils/form-fields";

export const WEATHER_LABELS = {
  sunny: "Sunny",
  partly_cloudy: "Partly cloudy",
  overcast: "Overcast",
  rain: "Rain",
  thunderstorms: "Thunderstorms",
  snow: "Snow",
  sleet: "Sleet",
  fog: "Fog",
  windy: "Windy",
  hot: "Hot",
  cold: "Cold",
} as const;

export const STATUS_LABELS = { draft: "Draft", submitted: "Submitted" } as const;
export const UNIT_LABELS = { F: "°F", C: "°C" } as const;

export type DailyLogStatus = keyof typeof STATUS_LABELS;

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
export const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

const temperature = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(\.\d)?$/, `Enter the ${what} temperature as a number such as 68 or -4.5`)
    .optional();
const shortText = (what: string, max: number) => z.string().trim().max(max, `Keep the ${what} under ${max} characters`).default("");

/** The day's weather (typed in) and the log's notes. */
export const weatherSchema = z.object({
  intent: z.literal("save-weather"),
  version,
  weatherConditions: z.enum(keys(WEATHER_LABELS), { error: "Choose the conditions from the list" }).optional(),
  temperatureHigh: temperature("high"),
  temperatureLow: temperature("low"),
  temperatureUnit: z.enum(keys(UNIT_LABELS), { error: "Choose °F or °C" }),
  precipitation: shortText("precipitation", 100),
  wind: shortText("wind", 100),
  notes: shortText("notes", 4000),
});

export const submitSchema = z.object({ intent: z.literal("submit"), version });

export const addendumSchema = z.object({
  intent: z.literal("add-addendum"),
  version,
  body: z.string({ error: "Write the addendum" }).trim().min(2, "Write the addendum").max(4000, "Keep the addendum under 4,000 characters"),
});

export const copyManpowerSchema = z.object({ intent: z.literal("copy-manpower"), version, replace: checkboxField.default(false) });

export const startChangeOrderSchema = z.object({ intent: z.literal("start-change-order"), delayId: z.uuid("Choose a delay of this log") });

/** Opens (or starts) the log of a day: today's unless a date is given. */
export const openLogSchema = z.object({
  intent: z.literal("open"),
  logDate: dateField("the day").refine((d) => d >= "2000-01-01", "Choose a day from the year 2000 on").optional(),
});

/** The list's filters, from the URL (a bad value is dropped, never an error page). */
export const listFiltersSchema = z.object({
  from: dateField("the first day").optional().catch(undefined),
  to: dateField("the last day").optional().catch(undefined),
  status: z.enum(keys(STATUS_LABELS)).optional().catch(undefined),
  before: dateField("the cursor").optional().catch(undefined),
});
export type ListFilters = z.output<typeof listFiltersSchema>;

export function readListFilters(url: URL): ListFilters {
  const raw = Object.fromEntries(["from", "to", "status", "before"].map((k) => [k, url.searchParams.get(k) || undefined]));
  return listFiltersSchema.parse(raw);
}
