/** Leaf module (no imports): the band shapes both db/schema and the domain code use. */

/** What a retainage band's `from` measures: percent complete (step-down style) or amount billed (marginal). */
export const RETAINAGE_BAND_BASES = [
  "percent_complete",
  "amount_billed",
] as const;
export type RetainageBandBasis = (typeof RETAINAGE_BAND_BASES)[number];
/** One band after the base rate: from "50" (% complete) or "500000.00" (amount billed), the rate as a fraction. */
export type RetainageBand = { from: string; rate: string };
