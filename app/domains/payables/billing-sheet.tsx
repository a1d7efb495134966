import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Money } from "~/components/data-table/cells";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { gridCell as cell, GridMoneyInput, gridNum as num, PasteGrid } from "~/components/grid-form";
import { useZodForm } from "~/components/use-zod-form";
import type { BillingSheetView } from "./billing-sheet-view";
import { commitmentBillingSchema } from "./payables.schema";

type Props = { sheet: BillingSheetView; retainagePercent: string; version: number; editable: boolean; lastResult?: SubmissionResult<string[]> };

function Head() {
  const th = (label: string, right = true) => (
    <th scope="col" className={right ? `${cell} text-right` : cell}>
      {label}
    </th>
  );
  return (
    <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
      <tr>
        {th("Line", false)}
        {th("Cost code / description", false)}
        {th("Scheduled value")}
        {th("Approved COs")}
        {th("Revised value")}
        {th("Billed before")}
        {th("This period")}
        {th("Stored materials")}
        {th("Billed to date")}
        {th("%")}
        {th("Retainage")}
        {th("Balance")}
      </tr>
    </thead>
  );
}

/**
 * The continuation sheet of an invoice against a commitment: one row per commitment line. While the
 * invoice is a draft, this period and stored materials are inputs and one post saves every line.
 */
export function BillingSheet({ sheet, retainagePercent, version, editable, lastResult }: Props) {
  const [form, fields] = useZodForm(commitmentBillingSchema, {
    id: "billing-sheet",
    lastResult,
    defaultValue: { lines: sheet.rows.map((r) => ({ commitmentLineId: r.commitmentLineId, thisPeriod: r.thisPeriod, storedMaterials: r.storedMaterials })) },
  });
  const inputs = fields.lines.getFieldList();
  const { totals } = sheet;
  const table = (
    <PasteGrid testId="billing-sheet">
        <Head />
        <tbody className="divide-y divide-slate-100">
          {sheet.rows.length === 0 ? (
            <tr>
              <td colSpan={12} className="px-3 py-6 text-center text-slate-500">The commitment has no lines.</td>
            </tr>
          ) : null}
          {sheet.rows.map((r, i) => {
            const line = inputs[i]?.getFieldset();
            const entry = (meta: NonNullable<typeof line>["thisPeriod"], label: string) => (
              <td className={num}>
                <GridMoneyInput meta={meta} label={`Line ${r.lineNumber} ${label}`} />
              </td>
            );
            return (
              <tr key={r.commitmentLineId}>
                <td className={cell}>
                  {r.lineNumber}
                  {editable ? <input type="hidden" name={`${fields.lines.name}[${i}].commitmentLineId`} value={r.commitmentLineId} /> : null}
                </td>
                <td className={cell}>
                  {r.costCode} {r.description || r.costCodeName} <span className="text-slate-500">· {r.costType}</span>
                </td>
                <td className={num}><Money value={r.lineAmount} /></td>
                <td className={num}><Money value={r.approvedChanges} /></td>
                <td className={num}><Money value={r.ceiling} /></td>
                <td className={num}>
                  <Money value={r.previouslyBilled} />
                  {r.openingBilled === "0.00" ? null : <span className="block text-xs text-slate-500">incl. Opening <Money value={r.openingBilled} /></span>}
                </td>
                {editable && line ? (
                  <>
                    {entry(line.thisPeriod, "this period")}
                    {entry(line.storedMaterials, "stored materials")}
                  </>
                ) : (
                  <>
                    <td className={num}><Money value={r.thisPeriod} /></td>
                    <td className={num}><Money value={r.storedMaterials} /></td>
                  </>
                )}
                <td className={num}><Money value={r.billedToDate} /></td>
                <td className={num}>{r.percent === null ? "—" : `${r.percent}%`}</td>
                <td className={num}><Money value={r.retainage} /></td>
                <td className={num}><Money value={r.balance} /></td>
              </tr>
            );
          })}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
          <tr>
            <th scope="row" colSpan={2} className={cell}>Total</th>
            <td className={num}><Money value={totals.lineAmount} /></td>
            <td className={num}><Money value={totals.approvedChanges} /></td>
            <td className={num}><Money value={totals.ceiling} /></td>
            <td className={num}><Money value={totals.previouslyBilled} /></td>
            <td className={num}><Money value={totals.thisPeriod} /></td>
            <td className={num}><Money value={totals.storedMaterials} /></td>
            <td className={num}><Money value={totals.billedToDate} /></td>
            <td className={num} />
            <td className={num}><Money value={totals.retainage} /></td>
            <td className={num}><Money value={totals.balance} /></td>
          </tr>
        </tfoot>
    </PasteGrid>
  );
  const note = (
    <p className="text-sm text-slate-600">
      Revised value = scheduled value + approved change orders; billed to date may not pass it. Retainage is held at the commitment&apos;s {retainagePercent}% on
      each line, or at the line&apos;s own rate (bands and a cap of the commitment are worked out on billed to date)
      {editable ? "; billed to date, retainage and balance show what was last saved" : ""}.
    </p>
  );
  if (!editable)
    return (
      <div className="space-y-2">
        {note}
        {table}
      </div>
    );
  return (
    <PostForm {...getFormProps(form)} className="space-y-3">
      {note}
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save-billing" />
      <input type="hidden" name="version" value={version} />
      {table}
      <SubmitButton>Save continuation sheet</SubmitButton>
    </PostForm>
  );
}
