import { PasteGrid } from "~/components/grid-form";
import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Money } from "~/components/data-table/cells";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import type { CommitmentOpeningLine } from "./commitment-openings.server";
import { gridCell, MoneyCell, TextCell } from "./grid-cells";
import { commitmentOpeningsSchema } from "./openings.schema";

type Props = { lines: CommitmentOpeningLine[]; lastResult?: SubmissionResult<string[]> };

/**
 * Per line of the project's executed commitments: what the vendor billed, and the retainage held,
 * before the app. One post replaces every opening of the project's commitments.
 */
export function CommitmentOpeningsGrid({ lines, lastResult }: Props) {
  const [form, fields] = useZodForm(commitmentOpeningsSchema, {
    id: "commitment-openings",
    lastResult,
    defaultValue: {
      intent: "save-commitment-openings",
      lines: lines.map((l) => ({ commitmentLineId: l.commitmentLineId, billedToDate: l.billedToDate ?? "", retainageHeld: l.retainageHeld ?? "", asOf: l.asOf ?? "", note: l.note })),
    },
  });
  const rows = fields.lines.getFieldList();
  if (lines.length === 0) return <p className="text-sm text-slate-600">The project has no executed commitments.</p>;
  return (
    <PostForm {...getFormProps(form)} className="space-y-3">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save-commitment-openings" />
      <PasteGrid testId="commitment-openings-grid">
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className={gridCell}>Commitment line</th>
              <th scope="col" className={gridCell}>Cost code / type</th>
              <th scope="col" className={`${gridCell} text-right`}>Line value</th>
              <th scope="col" className={`${gridCell} text-right`}>Billed in the app</th>
              <th scope="col" className={`${gridCell} text-right`}>Opening billed to date</th>
              <th scope="col" className={`${gridCell} text-right`}>Opening retainage held</th>
              <th scope="col" className={gridCell}>As of</th>
              <th scope="col" className={gridCell}>Note</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {lines.map((line, i) => {
              const cells = rows[i]?.getFieldset();
              if (!cells) return null;
              const name = `${line.commitmentNumber} line ${line.lineNumber}`;
              return (
                <tr key={line.commitmentLineId}>
                  <td className={gridCell}>
                    {name}
                    <input type="hidden" name={`${fields.lines.name}[${i}].commitmentLineId`} value={line.commitmentLineId} />
                  </td>
                  <td className={gridCell}>
                    {line.costCode} {line.description} <span className="text-slate-500">· {line.costType}</span>
                  </td>
                  <td className={`${gridCell} text-right tabular-nums`}><Money value={line.lineAmount} /></td>
                  <td className={`${gridCell} text-right tabular-nums`}><Money value={line.billedInApp} /></td>
                  <MoneyCell meta={cells.billedToDate} label={`${name} opening billed to date`} />
                  <MoneyCell meta={cells.retainageHeld} label={`${name} opening retainage held`} />
                  <TextCell meta={cells.asOf} label={`${name} as of`} type="date" />
                  <TextCell meta={cells.note} label={`${name} note`} width="w-56" />
                </tr>
              );
            })}
          </tbody>
      </PasteGrid>
      <SubmitButton>Save commitment openings</SubmitButton>
    </PostForm>
  );
}
