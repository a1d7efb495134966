import { z } from "zod";
import { dateField, moneyField } from "~/utils/form-fields";
import { dec } from "~/utils/money";

/**
 * Form inputs of opening entries (ADR 0014), browser-safe. The grids post every row at once (a post
 * without rows is refused); a row whose cells are all blank is not an entry. The server replaces the
 * whole set in one transaction.
 */

const MAX_ROWS = 1000;
const note = z.string().trim().max(300, "Use at most 300 characters").default("");
const cellText = z.string().optional();
const blank = (v: string | undefined) => v === undefined || v.trim() === "";

/**
 * The grid's rows as posted → the rows entered, each parsed by `row` with its grid index (`row`:
 * where a refusal is shown). Errors keep the grid's row index, so they show on the right cell.
 */
function gridRows<Raw extends z.ZodObject<Record<string, typeof cellText>>, Row extends z.ZodType<object>>(raw: Raw, row: Row, entryKeys: (keyof z.output<Raw>)[]) {
  return z
    .array(raw)
    // The grid posts every row, blank ones too: a post without rows is not from it.
    .min(1, "The form posted no rows: reload the page and try again")
    .max(MAX_ROWS, `Enter at most ${MAX_ROWS} rows at once`)
    .transform((rows, ctx) =>
      rows.flatMap((cells, index) => {
        if (entryKeys.every((k) => blank((cells as Record<keyof z.output<Raw>, string | undefined>)[k]))) return [];
        const parsed = row.safeParse(cells);
        if (parsed.success) return [{ ...(parsed.data as z.output<Row>), row: index }];
        for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: [index, ...issue.path], message: issue.message });
        return [];
      }),
    );
}

const openingCostRow = z.object({
  costCodeId: z.uuid("Choose a cost code"),
  costTypeId: z.uuid("Choose a cost type"),
  amount: moneyField("the opening cost", { sign: "positive" }),
  asOf: dateField("the as-of date"),
  note,
});
const rawOpeningCostRow = z.object({ costCodeId: cellText, costTypeId: cellText, amount: cellText, asOf: cellText, note: cellText });

/** Duplicate cost code × cost type rows are refused on the later row, naming the first. */
function refuseDuplicates(rows: { costCodeId: string; costTypeId: string; row: number }[], ctx: z.RefinementCtx) {
  const seen = new Map<string, number>();
  for (const { costCodeId, costTypeId, row } of rows) {
    const key = `${costCodeId}:${costTypeId}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, row);
    else ctx.addIssue({ code: "custom", path: [row, "costCodeId"], message: `Row ${first + 1} already has this cost code and cost type: enter one amount for each.` });
  }
}

export const openingCostsSchema = z.object({
  intent: z.literal("save-opening-costs"),
  lines: gridRows(rawOpeningCostRow, openingCostRow, ["costCodeId", "costTypeId", "amount", "asOf", "note"]).superRefine(refuseDuplicates),
});
export type OpeningCostsInput = z.output<typeof openingCostsSchema>;

/** One commitment line's opening: billed to date and the retainage held on it before the app. */
const commitmentOpeningRow = z
  .object({
    commitmentLineId: z.uuid(),
    billedToDate: moneyField("the billed to date", { sign: "positive" }),
    retainageHeld: z.preprocess((v) => (typeof v !== "string" || v.trim() === "" ? "0" : v), moneyField("the retainage held", { sign: "non-negative" })),
    asOf: dateField("the as-of date"),
    note,
  })
  .refine((r) => dec(r.retainageHeld).lte(r.billedToDate), { message: "Retainage held cannot be more than billed to date", path: ["retainageHeld"] });
const rawCommitmentOpeningRow = z.object({ commitmentLineId: cellText, billedToDate: cellText, retainageHeld: cellText, asOf: cellText, note: cellText });

export const commitmentOpeningsSchema = z.object({
  intent: z.literal("save-commitment-openings"),
  lines: gridRows(rawCommitmentOpeningRow, commitmentOpeningRow, ["billedToDate", "retainageHeld", "asOf", "note"]),
});
export type CommitmentOpeningsInput = z.output<typeof commitmentOpeningsSchema>;
