import { z } from "zod";
import { approveSchema, rejectSchema } from "~/domains/approvals/approvals.schema";
import { moneyField, percentField, versionField } from "~/utils/form-fields";
import type { PermissionKey } from "~/utils/permissions";
import { refineBands, retainageBandFields } from "../contracts/retainage-bands.schema";

/** Form inputs of the commitment pages (browser-safe: the pages' forms share them). */

export const COMMITMENT_TYPE_OPTIONS = [
  { value: "subcontract", label: "Subcontract" },
  { value: "purchase_order", label: "Purchase order" },
] as const;

export const commitmentTypeLabel = (type: string) => COMMITMENT_TYPE_OPTIONS.find((o) => o.value === type)?.label ?? type;

export const COMMITMENT_STATUS_LABELS = {
  draft: "Draft",
  pending_approval: "Pending approval",
  executed: "Executed",
  closed: "Closed",
  void: "Void",
} as const;
export type CommitmentStatus = keyof typeof COMMITMENT_STATUS_LABELS;

export const COMMITMENT_STATUS_OPTIONS = Object.entries(COMMITMENT_STATUS_LABELS).map(([value, label]) => ({ value, label }));

const headerFields = {
  vendorId: z.uuid("Choose a vendor"),
  type: z.enum(["subcontract", "purchase_order"], { error: "Choose subcontract or purchase order" }),
  number: z
    .string({ error: "Enter a number" })
    .trim()
    .min(1, "Enter a number")
    .max(30, "Use at most 30 characters")
    .regex(/^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/, "Use letters, digits, spaces, dots, dashes and slashes, such as SC-001"),
  title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(200, "Use at most 200 characters"),
  retainagePercent: percentField("a retainage rate"),
  retainageCapPercent: percentField("a cap").optional(),
  /** Bands after the base rate (% complete step-downs or marginal amount bands), as on prime contracts. */
  ...retainageBandFields,
};

export const newCommitmentSchema = z.object(headerFields).superRefine(refineBands);

export const commitmentHeaderSchema = z.object({ intent: z.literal("save-header"), ...headerFields, version: versionField }).superRefine(refineBands);

const lineFields = {
  costCodeId: z.uuid("Choose a cost code"),
  costTypeId: z.uuid("Choose a cost type"),
  description: z.string().trim().max(300, "Use at most 300 characters").default(""),
  amount: moneyField("an amount", { sign: "non-negative" }),
  /** Empty: the commitment's rate and bands. */
  retainagePercent: percentField("a retainage rate").optional(),
  /** The commitment's version: a line change is a change to the commitment. */
  version: versionField,
};

export const addCommitmentLineSchema = z.object({ intent: z.literal("add-line"), ...lineFields });
export const updateCommitmentLineSchema = z.object({ intent: z.literal("update-line"), lineId: z.uuid(), ...lineFields });
export const deleteCommitmentLineSchema = z.object({ intent: z.literal("delete-line"), lineId: z.uuid(), version: versionField });

export const COMMITMENT_TRANSITIONS = ["submit", "withdraw", "execute", "close", "void"] as const;
export const transitionSchema = z.object({ intent: z.literal("transition"), to: z.enum(COMMITMENT_TRANSITIONS), version: versionField });

/**
 * Who may move a commitment: whoever edits drafts submits them for approval and withdraws them;
 * executing directly (no policy applies), closing and voiding need `commitments:execute`.
 */
export const TRANSITION_PERMISSIONS: Record<CommitmentTransition, PermissionKey> = {
  submit: "commitments:manage",
  withdraw: "commitments:manage",
  execute: "commitments:execute",
  close: "commitments:execute",
  void: "commitments:execute",
};

/** Everything the commitment page posts, told apart by `intent` (the server parses with this). */
export const commitmentPageSchema = z.discriminatedUnion("intent", [
  commitmentHeaderSchema,
  addCommitmentLineSchema,
  updateCommitmentLineSchema,
  deleteCommitmentLineSchema,
  transitionSchema,
  approveSchema,
  rejectSchema,
]);

/** The permission a post needs before it is parsed (deciding an approval step is the step's own business). */
export function pagePermission(intent: unknown, to: unknown): PermissionKey {
  if (intent === "transition") return typeof to === "string" && Object.hasOwn(TRANSITION_PERMISSIONS, to) ? TRANSITION_PERMISSIONS[to as CommitmentTransition] : "commitments:execute";
  if (intent === "approve" || intent === "reject") return "commitments:read";
  return "commitments:manage";
}

export type NewCommitment = z.output<typeof newCommitmentSchema>;
export type CommitmentHeader = z.output<typeof commitmentHeaderSchema>;
export type CommitmentLineInput = z.output<typeof addCommitmentLineSchema>;
export type CommitmentLineUpdate = z.output<typeof updateCommitmentLineSchema>;
export type CommitmentLineDelete = z.output<typeof deleteCommitmentLineSchema>;
export type CommitmentTransition = z.output<typeof transitionSchema>["to"];
export type CommitmentPageInput = z.output<typeof commitmentPageSchema>;
