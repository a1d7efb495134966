import { CellErrors } from "~/utils/cell-errors.server";
import { invalid } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { PayAppConflict, PayAppRefused } from "./pay-apps.server";

type Submission<R> = { reply: (options?: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => R };

/**
 * The response to a refused pay application post: a rule (a line past 100%, going backwards, a
 * certified application) → 400 with its message, a stale version → 409, another tenant's or an
 * unknown id → 404. The message goes under its field when the posted form has that field; a grid's
 * refusal names each bad cell. Anything else is rethrown.
 */
export function payAppFailure<R>(submission: Submission<R>, error: unknown, fields: readonly string[] = []) {
  if (error instanceof RecordNotFound) throw notFoundResponse(error);
  if (error instanceof PayAppConflict) return invalid(submission, { formErrors: [error.message] }, 409);
  if (error instanceof CellErrors) return invalid(submission, { fieldErrors: error.fieldErrors, formErrors: error.formErrors }, 400);
  if (error instanceof PayAppRefused) {
    const onField = error.field && fields.includes(error.field) ? error.field : null;
    return invalid(submission, onField ? { fieldErrors: { [onField]: [error.message] } } : { formErrors: [error.message] }, 400);
  }
  throw error;
}
