import type { OrgKeys } from "./import-lookups.server";
import { joinKey } from "./import-lookups.server";
import type { OpeningBillingSheetKey } from "./masterfile-opening-billing-spec";
import type { CellProblem, ProblemCause } from "./masterfile-rows";
import type { MasterfileColumn, SheetKey } from "./masterfile-spec";

/**
 * The cross-sheet checks of the owner-billing sheets (masterfile-opening-billing-spec.ts), called
 * by masterfile-references.ts: references to a prime contract, a contract line or an opening
 * position (in the file or the organization), and the rule that a contract billed in the app
 * (pay applications beyond an opening position) is no longer changed by an import.
 */
export const OPENING_BILLING_CHECK_ORDER: readonly OpeningBillingSheetKey[] = ["primeContracts", "sovLines", "openingPositions", "openingBilling"];
export const OPENING_BILLING_REFERENCED: readonly OpeningBillingSheetKey[] = ["primeContracts", "sovLines", "openingPositions"];

/** Keys other rows reference: contracts and opening positions by job, contract lines by job ␟ line. */
export type OpeningBillingKeys<T> = { contracts: T; sovLines: T; openings: T };
export const openingBillingKeys = <T>(make: () => T): OpeningBillingKeys<T> => ({ contracts: make(), sovLines: make(), openings: make() });

type Facts = { get: Record<string, string | null> };
type ReferenceProblem = { message: string; cause?: ProblemCause };
type RefusedReference = (found: ProblemCause | undefined, what: string) => ReferenceProblem | null;

export function openingBillingReferenceProblem(
  column: MasterfileColumn,
  value: string,
  r: Facts,
  org: OrgKeys,
  inFile: OpeningBillingKeys<Set<string>>,
  refused: OpeningBillingKeys<Map<string, ProblemCause>>,
  refusedReference: RefusedReference,
): ReferenceProblem | null {
  switch (column.reference!.entity) {
    case "contract":
      if (inFile.contracts.has(value) || org.contracts.has(value)) return null;
      return (
        refusedReference(refused.contracts.get(value), `The prime contract of job ${value}`) ?? {
          message: `Job ${value} has no prime contract: it is not on the Prime Contracts sheet (without errors) or in the system`,
        }
      );
    case "opening_position":
      if (inFile.openings.has(value)) return null;
      return refusedReference(refused.openings.get(value), `The opening position of job ${value}`) ?? { message: `Job ${value} is not on the Opening Positions sheet (without errors)` };
    case "sov_line": {
      const key = joinKey([r.get.jobNumber, value]);
      if (inFile.sovLines.has(key) || org.sovLines.has(key)) return null;
      return (
        refusedReference(refused.sovLines.get(key), `Contract line ${value} of job ${r.get.jobNumber}`) ?? {
          message: `Unknown contract line ${value} of job ${r.get.jobNumber}: it is not on the Contract Lines sheet (without errors) or in the system`,
        }
      );
    }
    default:
      return null;
  }
}

/** A contract billed in the app changes by change orders only; an opening position only until an application follows it. */
export function openingBillingRecordRule(key: SheetKey, r: Facts, org: OrgKeys): CellProblem | null {
  const job = r.get.jobNumber ?? "";
  const billing = org.contracts.get(job);
  if ((key === "primeContracts" || key === "sovLines") && billing && billing !== "none")
    return { column: "Job number", value: job, message: `The prime contract of job ${job} already has pay applications: change it with change orders` };
  if ((key === "openingPositions" || key === "openingBilling") && billing === "billed")
    return { column: "Job number", value: job, message: `Job ${job} already has pay applications in the system: an opening position comes before the first one` };
  return null;
}

export function rememberOpeningBilling(key: SheetKey, r: Facts, add: (set: keyof OpeningBillingKeys<unknown>, value: string) => void) {
  const job = r.get.jobNumber;
  if (!job) return;
  if (key === "primeContracts") add("contracts", job);
  if (key === "openingPositions") add("openings", job);
  if (key === "sovLines" && r.get.lineNumber) add("sovLines", joinKey([job, r.get.lineNumber]));
}

export function openingBillingExists(key: SheetKey, naturalKey: string, org: OrgKeys): boolean {
  if (key === "primeContracts") return org.contracts.has(naturalKey);
  if (key === "sovLines") return org.sovLines.has(naturalKey);
  if (key === "openingPositions") return org.contracts.get(naturalKey) === "opening";
  return false;
}
