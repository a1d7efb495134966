import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Money } from "~/components/data-table/cells";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { gridCell as cell, GridCheckbox, GridMoneyInput, gridNum as num, gridSticky as sticky, GridTextInput, PasteGrid } from "~/components/grid-form";
import { useZodForm } from "~/components/use-zod-form";
import { CONTINUATION_COLUMNS, type ContinuationKey } from "./g702-vocabulary";
import { payAppGridSchema } from "./pay-apps.schema";
import type { ContinuationLine, ContinuationTotals } from "./pay-app-page-view";

const column = (key: ContinuationKey) => CONTINUATION_COLUMNS.find((c) => c.key === key)!;

function Heading({ letter, label, right = true, className = "" }: { letter?: string; label: string; right?: boolean; className?: string }) {
  return (
    <th scope="col" className={`${cell} align-bottom ${right ? "text-right" : ""} ${className}`}>
      {letter ? <span className="block text-xs font-normal text-slate-500">{letter}</span> : null}
      {label}
    </th>
  );
}

const saved = (key: ContinuationKey) => <Heading letter={column(key).letter} label={`${column(key).label}, saved`} />;

type Props = { lines: ContinuationLine[]; totals: ContinuationTotals; version: number; editHref: (id: string) => string; lastResult?: SubmissionResult<string[]> };

/**
 * A draft's continuation sheet as one grid form: per line, the % complete to date or the work
 * completed this period, the materials presently stored and the correction flag; one post saves
 * every line through the pay application math, or nothing when any line breaks a rule. Tab moves
 * along a row; with JavaScript a block copied from Excel can be pasted (% to date, this period,
 * stored materials). G, %, H and I show what was last saved.
 */
export function ContinuationGrid({ lines, totals, version, editHref, lastResult }: Props) {
  const [form, fields] = useZodForm(payAppGridSchema, {
    id: "pay-app-grid",
    lastResult,
    defaultValue: {
      lines: lines.map((l) => ({ lineId: l.id, thisPeriod: l.thisPeriod === "0.00" ? "" : l.thisPeriod, storedNow: l.storedNow, correction: l.correction ? "on" : undefined })),
    },
  });
  const rows = fields.lines.getFieldList();
  return (
    <PostForm {...getFormProps(form)} className="space-y-3">
      <p className="text-sm text-slate-600">
        Enter each line’s work completed this period as an amount, or its % complete to date (stored materials aside), and the materials presently stored; then save
        once. A blank line bills nothing this period. The item number opens the line on its own.
      </p>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save-lines" />
      <input type="hidden" name="version" value={version} />
      <PasteGrid testId="continuation-sheet">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <Heading letter="A" label={column("item").label} right={false} className="sticky left-0 z-10 bg-slate-50" />
            <Heading letter="B" label={column("description").label} right={false} />
            <Heading letter="C" label={column("scheduledValue").label} />
            <Heading letter="D" label={column("previousApplications").label} />
            <Heading label="% complete to date" />
            <Heading letter="E" label={column("thisPeriod").label} />
            <Heading letter="F" label={column("storedMaterials").label} />
            <Heading label="Correction" right={false} />
            {saved("completedAndStored")}
            {saved("percentComplete")}
            {saved("balanceToFinish")}
            {saved("retainage")}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {lines.map((l, i) => {
            const f = rows[i]?.getFieldset();
            if (!f) return null;
            const name = `Line ${l.lineNumber}`;
            return (
              <tr key={l.id} data-testid={`line-${l.lineNumber}`}>
                <td className={sticky}>
                  <a href={editHref(l.id)} className="text-brand-700 hover:underline" aria-label={`Edit line ${l.lineNumber}`}>
                    {l.lineNumber}
                  </a>
                  <input type="hidden" name={f.lineId.name} value={l.id} />
                </td>
                <td className={`${cell} min-w-40`}>{l.description}</td>
                <td className={num}><Money value={l.scheduledValue} /></td>
                <td className={num}><Money value={l.previousCompleted} /></td>
                <td className={num}><GridTextInput meta={f.percentToDate} label={`${name} % complete to date`} width="w-20" inputMode="decimal" /></td>
                <td className={num}><GridMoneyInput meta={f.thisPeriod} label={`${name} work completed this period`} /></td>
                <td className={num}><GridMoneyInput meta={f.storedNow} label={`${name} materials presently stored`} /></td>
                <td className={cell}><GridCheckbox meta={f.correction} label={`${name} corrects an earlier application`} /></td>
                <td className={num}><Money value={l.totalCompletedAndStored} /></td>
                <td className={num}>{l.percentComplete}%</td>
                <td className={num}><Money value={l.balanceToFinish} /></td>
                <td className={num}><Money value={l.retainage} /></td>
              </tr>
            );
          })}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
          <tr>
            <th scope="row" colSpan={2} className={`${cell} sticky left-0 bg-slate-50`}>Total (saved)</th>
            <td className={num}><Money value={totals.scheduledValue} /></td>
            <td className={num}><Money value={totals.previousCompleted} /></td>
            <td className={num} />
            <td className={num}><Money value={totals.thisPeriod} /></td>
            <td className={num}><Money value={totals.storedNow} /></td>
            <td className={cell} />
            <td className={num}><Money value={totals.totalCompletedAndStored} /></td>
            <td className={num}>{totals.percentComplete}%</td>
            <td className={num}><Money value={totals.balanceToFinish} /></td>
            <td className={num}><Money value={totals.retainage} /></td>
          </tr>
        </tfoot>
      </PasteGrid>
      <SubmitButton>Save continuation sheet</SubmitButton>
    </PostForm>
  );
}
