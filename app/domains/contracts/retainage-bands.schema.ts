import { z } from "zod";
import {
  dec,
  parseMoneyInput,
  percentToRate,
  rateToPercent,
} from "~/utils/money";
import {
  RETAINAGE_BAND_BASES,
  type RetainageBandTerms,
} from "./retainage-bands";

/** Band rows the forms show (no JavaScript needed: empty rows are ignored). */
export const BAND_ROWS = 4;

export const BAND_BASIS_LABELS = {
  percent_complete: "% complete (step-down)",
  amount_billed: "Amount billed (marginal)",
} as const;

const row = z
  .object({
    from: z.string().trim().optional(),
    ratePercent: z.string().trim().optional(),
  })
  .optional();

/**
 * The bands editor of the contract and commitment forms: a basis and up to BAND_ROWS rows of
 * "from / rate %". Browser-safe; the result is what retainage-bands.ts computes with.
 */
export const retainageBandFields = {
  retainageBandBasis: z
    .enum(["", ...RETAINAGE_BAND_BASES], {
      error: "Choose what the bands measure",
    })
    .optional(),
  retainageBands: z
    .array(row)
    .max(BAND_ROWS, `Use at most ${BAND_ROWS} bands`)
    .optional(),
};

type BandFields = {
  retainageBandBasis?: string;
  retainageBands?: z.output<typeof row>[];
};

type Issue = { path: (string | number)[]; message: string };

/** The editor's rows as band terms (null when there are issues), and its issues with the row's field path. */
export function readBands(value: BandFields): {
  terms: RetainageBandTerms | null;
  issues: Issue[];
} {
  const rows = (value.retainageBands ?? [])
    .map((r, i) => ({
      i,
      from: r?.from ?? "",
      ratePercent: r?.ratePercent ?? "",
    }))
    .filter((r) => r.from || r.ratePercent);
  const basis = value.retainageBandBasis || null;
  if (!rows.length) return { terms: { basis: null, bands: [] }, issues: [] };
  const issues: Issue[] = [];
  const issue = (path: (string | number)[], message: string) =>
    issues.push({ path, message });
  if (!basis)
    issue(
      ["retainageBandBasis"],
      "Choose what the bands measure: % complete or amount billed",
    );
  const bands = rows.map(({ i, from, ratePercent }) => {
    const rate = percentToRate(ratePercent);
    if (rate === null)
      issue(
        ["retainageBands", i, "ratePercent"],
        "Enter a rate between 0 and 100%, such as 5",
      );
    let start = null;
    if (basis === "amount_billed") {
      start = parseMoneyInput(from);
      if (start === null || !start.gt(0))
        issue(
          ["retainageBands", i, "from"],
          "Enter the amount billed the band starts at, more than 0, such as 500,000.00",
        );
    } else {
      start = /^\d{1,3}(\.\d{1,4})?%?$/.test(from)
        ? dec(from.replace(/%$/, ""))
        : null;
      if (start === null || !start.gt(0) || !start.lt(100))
        issue(
          ["retainageBands", i, "from"],
          "Enter the % complete the band starts at, between 0 and 100, such as 50",
        );
    }
    return { i, start, rate };
  });
  bands.forEach((band, n) => {
    const before = bands[n - 1];
    if (before?.start && band.start && !band.start.gt(before.start))
      issue(
        ["retainageBands", band.i, "from"],
        `Bands must increase: this band starts at ${band.start.toString()}, not above the band before it (${before.start.toString()})`,
      );
  });
  if (issues.length || !basis) return { terms: null, issues };
  const terms = {
    basis: basis as RetainageBandTerms["basis"],
    bands: bands.map((b) => ({
      from:
        basis === "amount_billed" ? b.start!.toFixed(2) : b.start!.toString(),
      rate: b.rate!,
    })),
  };
  return { terms, issues };
}

/** For a form schema's superRefine: the editor's issues on their fields. */
export const refineBands = (value: BandFields, ctx: z.RefinementCtx) =>
  readBands(value).issues.forEach(({ path, message }) =>
    ctx.addIssue({ code: "custom", path, message }),
  );

/** The band terms of input that passed refineBands. */
export const bandTerms = (value: BandFields): RetainageBandTerms =>
  readBands(value).terms ?? { basis: null, bands: [] };

/** Stored bands as the editor's default values (rates as percent text). */
export const bandFormValues = (terms: RetainageBandTerms) => ({
  retainageBandBasis: terms.basis ?? "",
  retainageBands: terms.bands.map((b) => ({
    from: b.from,
    ratePercent: rateToPercent(b.rate),
  })),
});
