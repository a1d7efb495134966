import type { ProjectBilling } from "./project-billing.server";

/** The owner billing figures as the job cost page and its export show them, in that order. */
export const billingFigures = (billing: ProjectBilling) => [
  { label: "Billed to date", value: billing.billedToDate, note: "Completed and stored to date, retainage included" },
  { label: "Received", value: billing.received, note: "Payments received from the owner" },
  { label: "Retainage held", value: billing.retainageHeld, note: "Retainage receivable, not yet released" },
  { label: "AR outstanding", value: billing.arOutstanding, note: "Certified and due, not yet received" },
];

/** "Through application #4 (period ending 2026-10-31)." or that there is none yet. */
export const billingThrough = (billing: ProjectBilling) =>
  billing.latestApplication
    ? `Through application #${billing.latestApplication.number} (period ending ${billing.latestApplication.periodEnd}).`
    : "No certified pay application yet.";
