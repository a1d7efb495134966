import { ApprovalConflict, ApprovalRefused } from "~/domains/approvals/approval-requests.server";
import { invalid } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { ApInvoiceConflict, ApInvoiceRefused } from "./ap-invoices.server";

type Submission<R> = { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => R };

/**
 * How the payables pages answer a service error: not found → 404; a stale page → 409; a decision the
 * user may not take → 403; a refused change → 400 with the message on its field when the form shows
 * that field (`fieldsShown`), else at the top of the form. Anything else is a real failure.
 */
export function apErrorReply<R>(submission: Submission<R>, error: unknown, fieldsShown: readonly string[] = []) {
  if (error instanceof RecordNotFound) throw notFoundResponse(error);
  if (error instanceof ApInvoiceConflict || error instanceof ApprovalConflict) return invalid(submission, { formErrors: [error.message] }, 409);
  if (error instanceof ApprovalRefused) return invalid(submission, { formErrors: [error.message] }, 403);
  if (error instanceof ApInvoiceRefused) {
    const onField = error.field && fieldsShown.includes(error.field);
    return invalid(submission, onField ? { fieldErrors: { [error.field!]: [error.message] } } : { formErrors: [error.message] }, 400);
  }
  throw error;
}
