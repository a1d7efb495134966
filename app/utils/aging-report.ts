/**
 * The shape both aging pages (AR and AP) work with: each open item of app/utils/aging.ts with the
 * party's id for the `?party=` drill-down and the document it comes from. Browser-safe.
 */
import type { AgingBucket, AgingItem, AgingReport, AgingRow } from "./aging";

export type AgingDocument = Omit<AgingItem, "openAmount"> & {
  /** Decimal string, e.g. "1250.00". */
  openAmount: string;
  /** What `?party=` holds: the vendor's id (AP) or the owner's name (AR, owners have no record of their own). */
  partyId: string;
  documentId: string;
  /** "Invoice INV-12", "Application #3" … */
  label: string;
  href: string;
  /** "<job number> <name>" */
  project: string;
  projectId: string;
};

export type AgingDetail = AgingDocument & { daysPastDue: number; bucket: AgingBucket };

export type AgingPartyRow = AgingRow & { partyId: string };

export type AgingPage = {
  asOf: string;
  open: { rows: AgingPartyRow[]; totals: AgingReport["open"]["totals"] };
  retainage: { rows: AgingPartyRow[]; totals: AgingReport["retainage"]["totals"] };
  total: string;
  /** The drill-down: the chosen party's open documents, oldest due date first; null without `?party=`. */
  party: { id: string; name: string | null; documents: AgingDetail[] } | null;
};

/** The page's URL with another as-of date or party (null: back to all parties). */
export function agingHref(pathname: string, asOf: string, party: string | null = null) {
  const params = new URLSearchParams({ asOf });
  if (party !== null) params.set("party", party);
  return `${pathname}?${params.toString()}`;
}

/** The words that differ between the AR and AP reports. */
export type AgingReportLabels = {
  title: string;
  description: string;
  /** "Customer" / "Vendor" */
  party: string;
  /** "customers" / "vendors" */
  parties: string;
  /** "Open receivables" / "Open payables" */
  open: string;
  /** "Retainage receivable" / "Retainage payable" */
  retainage: string;
  retainageNote: string;
};
