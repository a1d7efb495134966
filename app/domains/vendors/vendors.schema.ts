import { z } from "zod";
import { dateField } from "~/utils/form-fields";

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} is too long`).optional().default("");

/** The minimal vendor record (the full vendor module with compliance comes later). */
export const vendorSchema = z.object({
  name: z.string({ error: "Enter the vendor's name" }).trim().min(2, "Enter the vendor's name").max(160, "Name is too long"),
  contactName: optionalText(120, "Contact name"),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "Email is too long")
    .pipe(z.email("Enter a valid email address, or leave it empty"))
    .optional()
    .default(""),
  phone: z
    .string()
    .trim()
    .max(40, "Phone number is too long")
    .regex(/^[0-9+()./ x-]*$/i, "Use digits, spaces and + ( ) - . only")
    .optional()
    .default(""),
  taxId: optionalText(40, "Tax id"),
  /** Minimal compliance until the vendor compliance module: payments can be blocked on these (organization setting). */
  insuranceExpiresOn: dateField("the insurance expiry date")
    .optional()
    .transform((v) => v ?? null),
  lienWaiverRequired: z.boolean().default(false),
  lienWaiverReceived: z.boolean().default(false),
});

/** Where a vendor's lien waiver stands, as the vendor list shows and filters it. */
export const LIEN_WAIVER_OPTIONS = [
  { value: "not_required", label: "Not required" },
  { value: "received", label: "Received" },
  { value: "missing", label: "Missing" },
];

export const updateVendorSchema = vendorSchema.extend({
  id: z.uuid(),
  /** The row's last-change stamp as read: vendors carry no version column. */
  stamp: z.string().regex(/^\d{1,20}$/),
});

export type VendorInput = z.output<typeof vendorSchema>;
export type UpdateVendorInput = z.output<typeof updateVendorSchema>;
