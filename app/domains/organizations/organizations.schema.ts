import { z } from "zod";
import { percentTextField } from "~/utils/form-fields";
import { LOCALES } from "~/utils/org-format";
import { emailField } from "../identity/identity.schema";
import { ROLES } from "~/utils/permissions";

export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const organizationSettingsSchema = z.object({
  name: z.string({ error: "Enter the organization's name" }).trim().min(2, "Enter the organization's name").max(120, "Name is too long"),
  address: z.string().trim().max(500, "Address is too long").default(""),
  /** Percent as typed ("10", "7.5"); stored as a fraction. */
  defaultRetainagePercent: percentTextField("retainage"),
  fiscalYearStartMonth: z.coerce.number({ error: "Choose a month" }).int().min(1, "Choose a month").max(12, "Choose a month"),
  timeZone: z.string({ error: "Choose a time zone" }).trim().max(64).refine(isTimeZone, "Choose a valid time zone, such as America/New_York"),
  /** How pages write dates; new organizations start in US English. */
  locale: z.enum(LOCALES, { error: "Choose how dates are written" }).default("en-US"),
  currency: z
    .string({ error: "Enter a currency code" })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Use a three-letter currency code such as USD"),
  /** Refuse payments to vendors whose insurance expired or whose required lien waiver is missing. */
  blockPaymentsWithoutCompliance: z.boolean().default(false),
  /** Keep the GPS position of uploaded photos (in the database only; stored images never carry it). */
  keepPhotoGps: z.boolean().default(false),
  version: z.coerce.number().int().min(1),
});

export const inviteSchema = z.object({ email: emailField, role: z.enum(ROLES, { error: "Choose a role" }) });

export const memberRoleSchema = z.object({
  membershipId: z.uuid(),
  role: z.enum(ROLES, { error: "Choose a role" }),
  version: z.coerce.number().int().min(1),
});
