/**
 * Tiered retainage (DOMAIN.md "Pay application", "Subcontractor invoices"): the bands a prime
 * contract or a commitment may add after its base rate. Pure and browser-safe; the pay
 * application math and the vendor invoice math call these.
 *
 * - percent_complete bands are step-downs of the whole to-date amount: once the work is at or
 *   past a band's "from" (% complete, stored material included), that band's rate applies to all
 *   retainage to date, not only to what is billed after the threshold. A band never raises a
 *   line's rate (effective rate = min(line rate, band rate)). "10% until 50% complete, then 5%" is
 *   base 10% and one band { from 50, rate 5% }; the old fixed step-down is exactly that band.
 * - amount_billed bands are marginal, like tax brackets: the base rate holds on the amount up to
 *   the first band's "from", each band's rate on the part between its "from" and the next one.
 *   "10% on the first $500,000, 5% above" is base 10% and { from 500000.00, rate 5% }: at
 *   $600,000 billed, 50,000.00 + 5,000.00 = 55,000.00. They apply to the lines at the contract's
 *   (commitment's) default rate; a line with its own rate keeps it.
 * Bands are ordered by strictly increasing "from"; from > 0 (and < 100 for percent complete).
 */
import type Decimal from "decimal.js";
import { dec, formatAmount, type MoneyInput } from "~/utils/money";
import type { RetainageBand, RetainageBandBasis } from "./retainage-band-kinds";

export {
  RETAINAGE_BAND_BASES,
  type RetainageBand,
  type RetainageBandBasis,
} from "./retainage-band-kinds";

export type RetainageBandTerms = {
  basis: RetainageBandBasis | null;
  bands: RetainageBand[];
};

export const NO_BANDS: RetainageBandTerms = { basis: null, bands: [] };

/** Band terms as the columns of a contract, commitment or application (retainageBandColumns in db/schema). */
export const bandColumns = (terms: RetainageBandTerms) => ({
  retainageBandBasis: terms.basis,
  retainageBands: terms.bands,
});

/** The band terms stored in those columns. */
export const storedBands = (row: {
  retainageBandBasis: RetainageBandBasis | null;
  retainageBands: RetainageBand[];
}): RetainageBandTerms => ({
  basis: row.retainageBandBasis,
  bands: row.retainageBands,
});

/** The old fixed step-down: a percent_complete band from 50% at the step-down rate. */
export const stepDownBands = (
  stepDownRate: string | null | undefined,
): RetainageBandTerms =>
  stepDownRate
    ? { basis: "percent_complete", bands: [{ from: "50", rate: stepDownRate }] }
    : NO_BANDS;

/** The rate of the last percent_complete band reached at `completion` (a fraction, ≥ its from ÷ 100), or null. */
export function bandRateAtCompletion(
  terms: RetainageBandTerms,
  completion: Decimal,
): Decimal | null {
  if (terms.basis !== "percent_complete") return null;
  const reached = terms.bands.filter((band) =>
    completion.gte(dec(band.from).dividedBy(100)),
  );
  return reached.length ? dec(reached[reached.length - 1].rate) : null;
}

/** The rate of completed work after a percent_complete band: never above the line's own. */
export const steppedRate = (lineRate: MoneyInput, bandRate: Decimal | null) =>
  bandRate && bandRate.lt(lineRate) ? bandRate : dec(lineRate);

/**
 * Retainage on `amount` billed to date under amount_billed bands, exact (round it once): the base
 * rate up to the first band, each band's rate on its slice. A credit (amount < 0) is at the base rate.
 */
export function marginalRetainage(
  baseRate: MoneyInput,
  bands: RetainageBand[],
  amount: MoneyInput,
): Decimal {
  const billed = dec(amount);
  if (!billed.gt(0)) return billed.times(baseRate);
  const edges = [
    { from: dec(0), rate: dec(baseRate) },
    ...bands.map((b) => ({ from: dec(b.from), rate: dec(b.rate) })),
  ];
  return edges.reduce((total, edge, i) => {
    const to = i + 1 < edges.length ? edges[i + 1].from : null;
    const top = to && to.lt(billed) ? to : billed;
    return top.gt(edge.from)
      ? total.plus(top.minus(edge.from).times(edge.rate))
      : total;
  }, dec(0));
}

const percent = (rate: MoneyInput) =>
  `${dec(rate).times(100).toDecimalPlaces(4).toString()}%`;

/** "10% until 50% complete, then 5%" / "10% on the first 500,000.00, then 5%": the terms in words. */
export function describeBands(
  baseRate: MoneyInput,
  terms: RetainageBandTerms,
): string {
  if (!terms.basis || !terms.bands.length) return percent(baseRate);
  if (terms.basis === "percent_complete")
    return [
      `${percent(baseRate)} until ${dec(terms.bands[0].from).toString()}% complete`,
      ...terms.bands.map((b, i) => {
        const next = terms.bands[i + 1];
        return next
          ? `${percent(b.rate)} until ${dec(next.from).toString()}%`
          : `then ${percent(b.rate)}`;
      }),
    ].join(", ");
  return [
    `${percent(baseRate)} on the first ${formatAmount(terms.bands[0].from)}`,
    ...terms.bands.map((b, i) => {
      const next = terms.bands[i + 1];
      return next
        ? `${percent(b.rate)} up to ${formatAmount(next.from)}`
        : `${percent(b.rate)} above`;
    }),
  ].join(", ");
}
