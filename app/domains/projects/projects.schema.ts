import { z } from "zod";
import { dateField, percentTextField } from "~/utils/form-fields";

/** Browser-safe copies of db/schema/projects.ts's lists (projects.server.ts checks they agree). */
export const PROJECT_STATUSES = ["bidding", "active", "on_hold", "closed"] as const;
export const CONTRACT_TYPES = ["lump_sum", "cost_plus", "gmp", "tm"] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export type ContractType = (typeof CONTRACT_TYPES)[number];

export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  bidding: "Bidding",
  active: "Active",
  on_hold: "On hold",
  closed: "Closed",
};

export const CONTRACT_TYPE_LABELS: Record<ContractType, string> = {
  lump_sum: "Lump sum",
  cost_plus: "Cost-plus",
  gmp: "GMP",
  tm: "T&M",
};

export const statusOptions = PROJECT_STATUSES.map((value) => ({ value, label: PROJECT_STATUS_LABELS[value] }));
export const contractTypeOptions = CONTRACT_TYPES.map((value) => ({ value, label: CONTRACT_TYPE_LABELS[value] }));

const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label} is too long`).optional().default("");
const optionalDate = dateField("a date").optional();

export const projectSchema = z
  .object({
    jobNumber: z
      .string({ error: "Enter a job number" })
      .trim()
      .min(1, "Enter a job number")
      .max(30, "Use at most 30 characters")
      .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/, "Use letters, digits, spaces and . _ / - only"),
    name: z.string({ error: "Enter the project's name" }).trim().min(2, "Enter the project's name").max(160, "Name is too long"),
    clientName: optionalText(160, "Client"),
    address: optionalText(500, "Address"),
    status: z.enum(PROJECT_STATUSES, { error: "Choose a status" }),
    contractType: z.enum(CONTRACT_TYPES, { error: "Choose a contract type" }),
    startDate: optionalDate,
    endDate: optionalDate,
    projectManagerId: z.uuid("Choose a project manager from the list").optional(),
    /** Percent as typed ("10", "7.5"); stored as a fraction. */
    defaultRetainagePercent: percentTextField("retainage"),
  })
  .refine((p) => !p.startDate || !p.endDate || p.endDate >= p.startDate, {
    path: ["endDate"],
    message: "The end date cannot be before the start date",
  });

export const updateProjectSchema = projectSchema.safeExtend({ version: z.coerce.number().int().min(1) });

export type ProjectInput = z.output<typeof projectSchema>;
export type UpdateProjectInput = z.output<typeof updateProjectSchema>;
