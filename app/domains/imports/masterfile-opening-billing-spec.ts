import { contractSchema } from "~/domains/contracts/contracts.schema";
import { projectSchema } from "~/domains/projects/projects.schema";
import type { CellType, MasterfileColumn, MasterfileSheet } from "./masterfile-spec";

/**
 * The owner-billing sheets of the masterfile (ADR 0013): prime contracts, their schedule of values,
 * and the opening position of jobs already under way (contract-level figures on Opening Positions,
 * per SOV line on Opening Billing). Kept apart from masterfile-spec.ts, which lists them last.
 */
export type OpeningBillingSheetKey = "primeContracts" | "sovLines" | "openingPositions" | "openingBilling";
export type OpeningBillingEntity = "contract" | "sov_line" | "opening_position";

type Column = (key: string, header: string, type: CellType, help: string, options?: Partial<Omit<MasterfileColumn, "key" | "header" | "type">>) => MasterfileColumn;

const required = { required: true } as const;
const jobNumber = projectSchema.shape.jobNumber;

export function openingBillingSheets(column: Column): MasterfileSheet[] {
  const contractRef = (entity: "contract" | "opening_position", sheet: "primeContracts" | "openingPositions", help: string) =>
    column("jobNumber", "Job number", "reference", help, { ...required, field: jobNumber, reference: { entity, sheet } });
  return [
    {
      key: "primeContracts",
      name: "Prime Contracts",
      description: "One prime contract (with the owner) per project; its lines are on Contract Lines.",
      naturalKey: ["jobNumber"],
      columns: [
        column("jobNumber", "Job number", "reference", "Job number of the project, on the Projects sheet or already in the system.", {
          ...required,
          field: jobNumber,
          reference: { entity: "project", sheet: "projects" },
        }),
        column("ownerName", "Owner", "text", "The owner the contract is with.", { ...required, field: contractSchema.shape.ownerName }),
        column("title", "Title", "text", "The contract's title.", { field: contractSchema.shape.title }),
        column("originalSum", "Original contract sum", "money", "Such as 4,850,000.00.", { ...required, sign: "non-negative" }),
        column("retainagePercent", "Retainage %", "percent", "Retainage held on the owner's billing; blank means 10%.", { defaultValue: "0.100000" }),
        column("storedRetainagePercent", "Stored materials retainage %", "percent", "When stored materials are held at another rate; blank: the rate above."),
      ],
      example: { jobNumber: "2026-014", ownerName: "Riverside Health Partners", title: "Medical office building", originalSum: "4850000.00", retainagePercent: "0.100000" },
    },
    {
      key: "sovLines",
      name: "Contract Lines",
      description: "The schedule of values of each prime contract; the lines must add up to the contract sum.",
      naturalKey: ["jobNumber", "lineNumber"],
      columns: [
        contractRef("contract", "primeContracts", "Job number of a prime contract, on the Prime Contracts sheet or already in the system."),
        column("lineNumber", "Line number", "integer", "1, 2, 3… within the contract.", { ...required, min: 1 }),
        column("description", "Description", "text", "What the line covers.", { ...required, maxLength: 200 }),
        column("scheduledValue", "Scheduled value", "money", "The line's value, such as 1,250,000.00.", required),
      ],
      example: { jobNumber: "2026-014", lineNumber: 1, description: "Foundations and structure", scheduledValue: "1250000.00" },
    },
    {
      key: "openingPositions",
      name: "Opening Positions",
      description: "For a job already under way: the last application billed before this system (its lines are on Opening Billing).",
      naturalKey: ["jobNumber"],
      columns: [
        contractRef("contract", "primeContracts", "Job number of a prime contract, on the Prime Contracts sheet or already in the system."),
        column("lastApplicationNumber", "Last application number", "integer", "Number of the last application billed before; the next one gets the next number.", { ...required, min: 1 }),
        column("periodEnd", "Period end", "date", "Period end of that application.", required),
        column("certificateDate", "Certificate date", "date", "Its certificate date: what is still open ages from it.", required),
        column("previousCertificates", "Previous certificates total", "money", "What the owner was certified to date (line 6 of the last certificate).", { ...required, sign: "non-negative" }),
        column("receivedToDate", "Received to date", "money", "What the owner has paid to date.", { ...required, sign: "non-negative" }),
      ],
      example: { jobNumber: "2026-014", lastApplicationNumber: 2, periodEnd: "2026-05-31", certificateDate: "2026-06-05", previousCertificates: "1147500.00", receivedToDate: "900000.00" },
    },
    {
      key: "openingBilling",
      name: "Opening Billing",
      description: "Per contract line, where the billing stood at the last application billed before (lines left out are zero).",
      naturalKey: ["jobNumber", "lineNumber"],
      columns: [
        contractRef("opening_position", "openingPositions", "Job number of an opening position on the Opening Positions sheet."),
        column("lineNumber", "Line number", "reference", "A line number of the job's contract, on Contract Lines or already in the system.", {
          ...required,
          maxLength: 10,
          reference: { entity: "sov_line", sheet: "sovLines", scopedBy: "jobNumber" },
        }),
        column("completed", "Work completed", "money", "Work completed from previous applications (to date).", required),
        column("stored", "Materials stored", "money", "Materials presently stored; blank means none.", { sign: "non-negative", defaultValue: "0.00" }),
        column("retainageHeld", "Retainage held", "money", "Retainage held to date on the line, as the old certificates held it.", { ...required }),
      ],
      example: { jobNumber: "2026-014", lineNumber: "1", completed: "1250000.00", stored: "0.00", retainageHeld: "125000.00" },
    },
  ];
}
