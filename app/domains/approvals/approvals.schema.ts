import { z } from "zod";
import { moneyField } from "~/utils/form-fields";
import { PERMISSIONS, type PermissionKey } from "~/utils/permissions";
import { isUuid } from "~/utils/ids";

export const APPROVAL_DOCUMENT_LABELS = {
  change_order: "Change order",
  commitment: "Commitment",
  ap_invoice: "AP invoice",
} as const;
export type ApprovalDocumentType = keyof typeof APPROVAL_DOCUMENT_LABELS;
const DOCUMENT_TYPES = Object.keys(APPROVAL_DOCUMENT_LABELS) as [ApprovalDocumentType, ...ApprovalDocumentType[]];

export const MAX_APPROVAL_STEPS = 3;

/**
 * A step's approver travels as one select value: `key:<permission key>` (anyone holding it) or
 * `user:<user id>` (that member only); an empty value means "no such step".
 */
export type StepApprover = { permissionKey: PermissionKey; approverUserId: null } | { permissionKey: null; approverUserId: string };

export const approverValue = (step: { permissionKey: string | null; approverUserId: string | null }) =>
  step.approverUserId ? `user:${step.approverUserId}` : `key:${step.permissionKey}`;


export function parseApproverValue(value: string): StepApprover | null {
  if (value.startsWith("key:")) {
    const key = value.slice(4);
    return key in PERMISSIONS ? { permissionKey: key as PermissionKey, approverUserId: null } : null;
  }
  if (value.startsWith("user:") && isUuid(value.slice(5))) return { permissionKey: null, approverUserId: value.slice(5).toLowerCase() };
  return null;
}

const approverField = z
  .string()
  .trim()
  .refine((v) => parseApproverValue(v) !== null, "Choose who approves this step")
  .transform((v) => parseApproverValue(v)!);

const thresholdField = moneyField("the amount this policy starts at (0 for every amount)", { sign: "non-negative", example: "25,000" });

export const policySchema = z
  .object({
    policyId: z.uuid().optional(),
    version: z.coerce.number().int().min(1).optional(),
    documentType: z.enum(DOCUMENT_TYPES, { error: "Choose a document type" }),
    name: z.string({ error: "Name the policy" }).trim().min(2, "Name the policy").max(120, "Name is too long"),
    minAmount: thresholdField,
    active: z.boolean().default(false),
    step1: approverField,
    step2: approverField.optional(),
    step3: approverField.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.step3 && !v.step2) ctx.addIssue({ code: "custom", path: ["step3"], message: "Fill in step 2 before step 3" });
  });

export type PolicyInput = z.output<typeof policySchema>;

/** The policy's steps in order (the schema guarantees no gap). */
export const policySteps = (input: Pick<PolicyInput, "step1" | "step2" | "step3">) =>
  [input.step1, input.step2, input.step3].filter((s): s is StepApprover => s !== undefined);

export const deletePolicySchema = z.object({ policyId: z.uuid(), version: z.coerce.number().int().min(1) });

/** The request's version and step as the approver saw them: acting on a stale view is refused. */
const decisionBase = {
  requestId: z.uuid(),
  version: z.coerce.number().int().min(1),
  stepNumber: z.coerce.number().int().min(1).max(MAX_APPROVAL_STEPS),
};

export const approveSchema = z.object({ intent: z.literal("approve"), ...decisionBase });

export const rejectSchema = z.object({
  intent: z.literal("reject"),
  ...decisionBase,
  reason: z
    .string({ error: "Give the reason for rejecting" })
    .trim()
    .min(3, "Give the reason for rejecting")
    .max(1000, "Keep the reason under 1,000 characters"),
});
