import { getFormProps, getInputProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { Money } from "~/components/data-table/cells";
import { FieldErrors, FormErrors, inputClass, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { requireMember } from "~/utils/auth.server";
import { todayIn } from "~/utils/org-format";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { RELEASE_OPTIONS, releaseFormSchema, releaseRequest } from "../pay-app-forms";
import { releaseBlocker } from "../pay-app-page.server";
import { payAppFailure } from "../pay-app-routes.server";
import { findPayApp, payAppLines, PayAppRefused } from "../pay-apps.server";
import { createRetainageRelease } from "../retainage-release.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Release retainage · application #${data?.app.number ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "receivables:certify");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const app = await findPayApp(tx, params.payAppId ?? "");
      return {
        app: { id: app.id, number: app.number, projectId: app.projectId, held: app.line5Retainage, heldOnCompleted: app.line5aRetainageCompleted, heldOnStored: app.line5bRetainageStored },
        blocker: await releaseBlocker(tx, app),
        lines: (await payAppLines(tx, app.id)).map((l) => ({ id: l.id, lineNumber: l.lineNumber, description: l.description, held: l.retainage })),
        today: todayIn(member.active.timeZone),
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

/**
 * Creates the retainage release application from this (the latest certified) application and
 * opens it. A percentage is turned into an amount of the retainage held here.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "receivables:certify");
  const submission = parseForm(form, releaseFormSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const created = await withTenant(member.tenant, async (tx) => {
      const from = await findPayApp(tx, params.payAppId ?? "");
      const blocker = await releaseBlocker(tx, from);
      if (blocker) throw new PayAppRefused(blocker);
      return createRetainageRelease(tx, from.projectId, { ...releaseRequest(submission.value, from.line5Retainage), createdBy: member.user.id });
    });
    return redirectWithFlash(`/pay-apps/${created.id}`, {
      kind: "success",
      message: `Retainage release application #${created.number} created for ${created.line8CurrentPaymentDue}: submit and certify it to bill the owner.`,
    });
  } catch (error) {
    return payAppFailure(submission, error, submission.value.release === "amount" ? ["amount"] : []);
  }
}

export default function ReleaseRetainage() {
  const { app, blocker, today, lines } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(releaseFormSchema, {
    id: "release-retainage",
    lastResult,
    defaultValue: { applicationDate: today, release: "amount", lines: lines.map((l) => ({ lineId: l.id, amount: "" })) },
  });
  const entries = fields.lines.getFieldList();
  return (
    <section className="max-w-3xl space-y-6">
      <header>
        <Link to={`/pay-apps/${app.id}`} className="text-sm text-brand-700 hover:underline">
          ← Application #{app.number}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Release retainage</h1>
        <p className="mt-1 text-sm text-slate-600">
          Application #{app.number} holds <span className="font-semibold" data-testid="retainage-held"><Money value={app.held} /></span> of retainage (
          <Money value={app.heldOnCompleted} /> on completed work, <Money value={app.heldOnStored} /> on stored materials). The release is its own application:
          line 5 drops by the amount released and line 8 bills it. A partial release of an amount or a percentage is spread over the lines in proportion to what
          each holds; per line, each line releases what is entered on it (at most what it holds).
        </p>
      </header>
      {blocker ? (
        <p className="rounded border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" role="status" data-testid="release-blocked">
          {blocker}
        </p>
      ) : (
        <PostForm {...getFormProps(form)} className="space-y-3 rounded border border-slate-200 bg-white p-4">
          <FormErrors errors={form.errors} />
          <SelectField meta={fields.release} label="Release" options={[...RELEASE_OPTIONS]} />
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField meta={fields.amount} label="Amount to release" inputMode="decimal" help="When releasing an amount." />
            <TextField meta={fields.percent} label="Percentage of the retainage held" inputMode="decimal" help="When releasing a percentage, e.g. 50." />
          </div>
          <table className="min-w-full text-left text-sm" data-testid="release-lines">
            <thead className="border-b border-slate-200 text-slate-700">
              <tr>
                <th scope="col" className="py-1 pr-3">Line</th>
                <th scope="col" className="py-1 pr-3">Description</th>
                <th scope="col" className="py-1 pr-3 text-right">Retainage held</th>
                <th scope="col" className="py-1 text-right">Release (per line)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {lines.map((l, i) => {
                const entry = entries[i]?.getFieldset();
                return (
                  <tr key={l.id} className="align-top">
                    <td className="py-1 pr-3">{l.lineNumber}</td>
                    <td className="py-1 pr-3">{l.description}</td>
                    <td className="py-1 pr-3 text-right tabular-nums"><Money value={l.held} /></td>
                    <td className="py-1 text-right">
                      <input type="hidden" name={`${fields.lines.name}[${i}].lineId`} value={l.id} />
                      {entry ? (
                        <>
                          <input {...getInputProps(entry.amount, { type: "text" })} key={entry.amount.key} inputMode="decimal" aria-label={`Line ${l.lineNumber} release`} className={inputClass} />
                          <FieldErrors id={entry.amount.errorId} errors={entry.amount.errors} />
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="grid gap-3 sm:grid-cols-2">
            <TextField meta={fields.applicationDate} label="Application date" type="date" />
            <TextField meta={fields.dueDate} label="Payment due" type="date" />
          </div>
          <SubmitButton>Create the release application</SubmitButton>
        </PostForm>
      )}
    </section>
  );
}
