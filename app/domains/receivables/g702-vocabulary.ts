/**
 * The one vocabulary of a pay application, used word for word by its page, its PDF and its xlsx:
 * the summary lines 1–9 (with how each is worked out) and the continuation sheet's columns A–I.
 * The words carry the meaning of the industry's G702/G703 lines in our own wording (AIA's form
 * text is copyrighted and is not reproduced). ASCII "-" for minus: the PDF's standard fonts have
 * no U+2212. Browser-safe and pure.
 */
import { dec } from "~/utils/money";
import { bandRateAtCompletion, describeBands, steppedRate, type RetainageBand, type RetainageBandBasis, type RetainageBandTerms } from "../contracts/retainage-bands";
import type { G702Summary } from "./pay-app-math";

export type SummaryLineText = { number: string; key: keyof G702Summary; label: string; note?: string; part?: boolean; strong?: boolean };

const SUMMARY_LINES: SummaryLineText[] = [
  { number: "1", key: "line1OriginalContractSum", label: "Original contract sum" },
  { number: "2", key: "line2NetChangeByChangeOrders", label: "Net change by change orders" },
  { number: "3", key: "line3ContractSumToDate", label: "Contract sum to date", note: "line 1 ± line 2", strong: true },
  { number: "4", key: "line4CompletedAndStoredToDate", label: "Total completed and stored to date", note: "column G" },
  { number: "5a", key: "line5aRetainageOnCompleted", label: "Retainage on completed work", part: true },
  { number: "5b", key: "line5bRetainageOnStored", label: "Retainage on stored materials", part: true },
  { number: "5", key: "line5TotalRetainage", label: "Total retainage", note: "5a + 5b, column I" },
  { number: "6", key: "line6EarnedLessRetainage", label: "Total earned less retainage", note: "line 4 - line 5" },
  { number: "7", key: "line7PreviousCertificates", label: "Less previous certificates for payment", note: "line 6 of the previous certificate" },
  { number: "8", key: "line8CurrentPaymentDue", label: "Current payment due", note: "line 6 - line 7", strong: true },
  { number: "9", key: "line9BalanceToFinishIncludingRetainage", label: "Balance to finish, including retainage", note: "line 3 - line 6" },
];

/** The retainage terms an application was computed with: its stored rates, bands and lines 3 and 4. */
export type RetainageTerms = {
  retainageRate: string;
  retainageBandBasis: RetainageBandBasis | null;
  retainageBands: RetainageBand[];
  retainageCapRate: string | null;
  contractSumToDate: string;
  completedAndStoredToDate: string;
  /** Each line's own rates (fractions), completed work and stored material. */
  lineRates: { completed: string; stored: string }[];
};

/** The terms of a stored application and its lines (columns as stored). */
export function retainageTermsOf(
  app: {
    retainageRate: string;
    retainageBandBasis: RetainageBandBasis | null;
    retainageBands: RetainageBand[];
    retainageCapRate: string | null;
    line3ContractSumToDate: string;
    line4CompletedAndStored: string;
  },
  lines: { retainageRate: string; storedRetainageRate: string }[],
): RetainageTerms {
  return {
    retainageRate: app.retainageRate,
    retainageBandBasis: app.retainageBandBasis,
    retainageBands: app.retainageBands,
    retainageCapRate: app.retainageCapRate,
    contractSumToDate: app.line3ContractSumToDate,
    completedAndStoredToDate: app.line4CompletedAndStored,
    lineRates: lines.map((l) => ({ completed: l.retainageRate, stored: l.storedRetainageRate })),
  };
}

/** "0.100000" → "10%", "0.075000" → "7.5%". */
export const ratePercent = (rate: string) => `${dec(rate).times(100).toDecimalPlaces(4).toString()}%`;

const bandsOf = (terms: RetainageTerms): RetainageBandTerms => ({ basis: terms.retainageBandBasis, bands: terms.retainageBands });

/** The percent_complete band reached (pay-app-math.ts), with its threshold, or null. */
function stepDownOf(terms: RetainageTerms) {
  if (dec(terms.contractSumToDate).isZero()) return null;
  const completion = dec(terms.completedAndStoredToDate).dividedBy(terms.contractSumToDate);
  const rate = bandRateAtCompletion(bandsOf(terms), completion);
  const band = rate && [...terms.retainageBands].reverse().find((b) => completion.gte(dec(b.from).dividedBy(100)));
  return rate && band ? { rate, from: dec(band.from).toString() } : null;
}

/**
 * "at 10%", "at 5% (stepped down from 10% at 50% complete)", "at 10% on the first 500,000.00,
 * 5% above" (amount bands, on completed work of lines at the contract's rate), or rates by line.
 */
function rateText(terms: RetainageTerms, pick: "completed" | "stored") {
  const stepDown = stepDownOf(terms);
  const effective = new Set(terms.lineRates.map((l) => steppedRate(l[pick], stepDown?.rate ?? null).toFixed(6)));
  if (effective.size > 1) return "at rates that vary by line (column I)";
  const [rate] = effective.size ? [...effective] : [dec(terms.retainageRate).toFixed(6)];
  if (pick === "completed" && terms.retainageBandBasis === "amount_billed") return `at ${describeBands(rate, bandsOf(terms))}`;
  const from = terms.lineRates.find((l) => dec(l[pick]).gt(rate));
  return stepDown && from ? `at ${ratePercent(rate)} (stepped down from ${ratePercent(from[pick])} at ${stepDown.from}% complete)` : `at ${ratePercent(rate)}`;
}

/** The nine lines with their amounts; 5a/5b name their rates and line 5 its cap when there is one. */
export function summaryLines(summary: G702Summary, terms: RetainageTerms | null) {
  return SUMMARY_LINES.map((line) => {
    let label = line.label;
    let note = line.note;
    if (terms && line.number === "5a") label = `${label} ${rateText(terms, "completed")}`;
    if (terms && line.number === "5b") label = `${label} ${rateText(terms, "stored")}`;
    if (terms?.retainageCapRate && line.number === "5") note = `${note}; capped at ${ratePercent(terms.retainageCapRate)} of the contract sum to date`;
    return { ...line, label, note, amount: summary[line.key] };
  });
}

/** A summary line as one line of text: "Contract sum to date (line 1 ± line 2)". */
export const lineText = (line: { label: string; note?: string }) => (line.note ? `${line.label} (${line.note})` : line.label);

export type ContinuationKey =
  | "item"
  | "description"
  | "scheduledValue"
  | "previousApplications"
  | "thisPeriod"
  | "storedMaterials"
  | "completedAndStored"
  | "percentComplete"
  | "balanceToFinish"
  | "retainage";

/** The continuation sheet's columns in order; "% (G ÷ C)" has no letter of its own, as on the industry's sheet. */
export const CONTINUATION_COLUMNS: { letter: string; key: ContinuationKey; label: string }[] = [
  { letter: "A", key: "item", label: "Item no." },
  { letter: "B", key: "description", label: "Description of work" },
  { letter: "C", key: "scheduledValue", label: "Scheduled value" },
  { letter: "D", key: "previousApplications", label: "From previous application (D + E)" },
  { letter: "E", key: "thisPeriod", label: "Work completed this period" },
  { letter: "F", key: "storedMaterials", label: "Materials presently stored (not in D or E)" },
  { letter: "G", key: "completedAndStored", label: "Total completed and stored to date (D + E + F)" },
  { letter: "", key: "percentComplete", label: "% (G ÷ C)" },
  { letter: "H", key: "balanceToFinish", label: "Balance to finish (C - G)" },
  { letter: "I", key: "retainage", label: "Retainage" },
];

/** "D · From previous application (D + E)": a column heading as one string. */
export const columnHeading = (column: { letter: string; label: string }) => (column.letter ? `${column.letter} · ${column.label}` : column.label);

/** The blank certificate blocks of the printed application (PDF and xlsx). */
export const CERTIFICATES = {
  contractor: {
    title: "Contractor's certification",
    statement:
      "We submit this application for the work performed and the materials stored through the period shown, and certify that its figures agree with our records and the contract, and that the amounts of previous certificates have been paid as billed.",
    fields: ["Contractor", "By (signature)", "Name and title", "Date"],
  },
  notary: {
    title: "Notary",
    statement: "Subscribed and sworn before me on the date below.",
    fields: ["State of", "County of", "Notary public (signature)", "My commission expires", "Date"],
  },
  architect: {
    title: "Architect's certificate for payment",
    statement:
      "Based on our observation of the work and the data in this application, the work has progressed as stated and the contractor is entitled to the amount certified.",
    fields: ["Amount certified ($)", "Explanation if different from line 8", "Architect", "By (signature)", "Date"],
  },
} as const;

/**
 * Approved prime change orders of an application, by approval date (the organization's calendar
 * day of the approval), each change order counted whole as an addition or a deduction (deductions
 * as positive amounts):
 * - previous months: approved on or before the period end of the project's previous application
 *   (none when this is the first application);
 * - this month: approved after it and counted in this application's line 2 (up to its
 *   certification; for a draft, up to now). A change order approved after this period's end but
 *   before the figures were fixed is in line 2, so it is counted here rather than left out.
 */
export type ChangeOrderFigures = {
  previousPeriodEnd: string | null;
  previousAdditions: string;
  previousDeductions: string;
  thisAdditions: string;
  thisDeductions: string;
};

export type ChangeOrderSummaryRow = { label: string; additions: string; deductions: string; strong?: boolean };

/**
 * The change order summary block of the application (page, PDF and xlsx): its rows, the net change
 * (which is line 2), and what the periods mean. `line2` is the application's stored line 2: when
 * change orders were approved or voided after its figures were computed, a note says so.
 */
export function changeOrderSummary(figures: ChangeOrderFigures, line2: string) {
  const additions = dec(figures.previousAdditions).plus(figures.thisAdditions);
  const deductions = dec(figures.previousDeductions).plus(figures.thisDeductions);
  const net = additions.minus(deductions);
  const rows: ChangeOrderSummaryRow[] = [
    { label: "Approved in previous months", additions: figures.previousAdditions, deductions: figures.previousDeductions },
    { label: "Approved this month", additions: figures.thisAdditions, deductions: figures.thisDeductions },
    { label: "Totals", additions: additions.toFixed(2), deductions: deductions.toFixed(2), strong: true },
  ];
  const notes = [
    figures.previousPeriodEnd
      ? `Previous months: approved on or before ${figures.previousPeriodEnd}, the end of the previous application's period. This month: approved after it, up to when this application's figures were fixed.`
      : "First application: every change order approved up to when its figures were fixed counts in this month.",
  ];
  if (!net.eq(line2))
    notes.push(`Line 2 (${dec(line2).toFixed(2)}) differs: change orders were approved or voided after this application's figures were computed. Saving the draft updates it.`);
  return {
    title: "Change order summary",
    columns: { label: "Approved prime change orders", additions: "Additions", deductions: "Deductions" },
    rows,
    net: { label: "Net change by change orders (line 2)", note: "total additions - total deductions", amount: net.toFixed(2) },
    notes,
  };
}
export type ChangeOrderSummary = ReturnType<typeof changeOrderSummary>;
