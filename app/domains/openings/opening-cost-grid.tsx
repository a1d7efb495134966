import { PasteGrid } from "~/components/grid-form";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { gridCell, MoneyCell, SelectCell, TextCell } from "./grid-cells";
import type { OpeningCostLine } from "./opening-costs.server";
import { openingCostsSchema } from "./openings.schema";

type Choice = { id: string; label: string };
type Props = { lines: OpeningCostLine[]; blankRows: number; moreHref: string; costCodes: Choice[]; costTypes: Choice[]; lastResult?: SubmissionResult<string[]> };

/**
 * The project's opening cost to date as one grid: a row per cost code × cost type, blank rows to
 * add more; one post replaces the whole set (a row emptied is removed).
 */
export function OpeningCostGrid({ lines, blankRows, moreHref, costCodes, costTypes, lastResult }: Props) {
  const blank = { costCodeId: "", costTypeId: "", amount: "", asOf: "", note: "" };
  const [form, fields] = useZodForm(openingCostsSchema, {
    id: "opening-costs",
    lastResult,
    defaultValue: {
      intent: "save-opening-costs",
      lines: [...lines.map(({ costCodeId, costTypeId, amount, asOf, note }) => ({ costCodeId, costTypeId, amount, asOf, note })), ...Array.from({ length: blankRows }, () => blank)],
    },
  });
  const rows = fields.lines.getFieldList();
  return (
    <PostForm {...getFormProps(form)} className="space-y-3">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save-opening-costs" />
      <PasteGrid testId="opening-cost-grid">
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className={gridCell}>Cost code</th>
              <th scope="col" className={gridCell}>Cost type</th>
              <th scope="col" className={`${gridCell} text-right`}>Opening cost to date</th>
              <th scope="col" className={gridCell}>As of</th>
              <th scope="col" className={gridCell}>Note</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row, i) => {
              const cells = row.getFieldset();
              const n = i + 1;
              return (
                <tr key={row.key}>
                  <SelectCell meta={cells.costCodeId} label={`Row ${n} cost code`} options={costCodes} />
                  <SelectCell meta={cells.costTypeId} label={`Row ${n} cost type`} options={costTypes} />
                  <MoneyCell meta={cells.amount} label={`Row ${n} opening cost`} />
                  <TextCell meta={cells.asOf} label={`Row ${n} as of`} type="date" />
                  <TextCell meta={cells.note} label={`Row ${n} note`} width="w-64" />
                </tr>
              );
            })}
          </tbody>
      </PasteGrid>
      <div className="flex items-center gap-4">
        <SubmitButton>Save opening costs</SubmitButton>
        <a href={moreHref} className="text-sm font-medium text-brand-700 hover:underline">More blank rows</a>
      </div>
    </PostForm>
  );
}
