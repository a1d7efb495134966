import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { CalendarDate, DateTime } from "~/components/data-table/cells";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { formatDate } from "~/utils/org-format";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { useCan } from "~/utils/use-viewer";
import { WipJournalTable } from "../wip-journal-table";
import { journalEntryOf } from "../wip-journal.server";
import { findWipClose } from "../wip-close-read.server";
import { reopenWipSchema } from "../wip-close.schema";
import { reopenWip, WipCloseRefused } from "../wip-close.server";
import { wipCloseTable } from "../wip-close.table";
import { ExcludedNote, sortSearch, WipTable } from "../wip-table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `WIP closed ${data?.close.periodEnd ?? ""} · SECG ERP` }];

/** One close: its frozen schedule (`?sort=&dir=`), period and year-to-date figures, and its journal entry. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "wip:read");
  const { sort } = parseTableQuery(wipCloseTable, new URL(request.url));
  try {
    return await withTenant(member.tenant, async (tx) => {
      const close = await findWipClose(tx, params.closeId ?? "", sort);
      await recordDataAccess(tx, { view: "wip_close", format: "page", filters: { periodEnd: close.periodEnd, version: String(close.version) }, rowCount: close.rows.length });
      return { sort, close, journal: journalEntryOf(close.rows, close.periodEnd, close.excluded) };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

/** Reopens this (the latest closed) period with a reason; the close and its rows stay as history. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "wip:close");
  const submission = parseForm(form, reopenWipSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const reopened = await reopenWip(tx, { closeId: params.closeId ?? "", reason: submission.value.reason, userId: member.user.id });
        return { location: "/wip/closes", message: `The period ending ${formatDate(reopened.periodEnd, member.active)} is reopened: close it again when it is ready.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    if (error instanceof WipCloseRefused) return invalid(submission, error.field === "reason" ? { fieldErrors: { reason: [error.message] } } : { formErrors: [error.message] }, 409);
    throw error;
  }
}

function ReopenForm() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(reopenWipSchema, { id: "reopen-wip", lastResult, defaultValue: { intent: "reopen" } });
  return (
    <PostForm {...getFormProps(form)} className="max-w-xl space-y-3 rounded border border-slate-200 bg-white p-4" data-testid="reopen-wip-form">
      <h2 className="text-lg font-semibold">Reopen this period</h2>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="reopen" />
      <TextField meta={fields.reason} label="Reason" help="Required; kept with the close and in the audit log." />
      <SubmitButton tone="danger">Reopen</SubmitButton>
    </PostForm>
  );
}

export default function WipCloseDetail() {
  const { sort, close, journal } = useLoaderData<typeof loader>();
  const canClose = useCan("wip:close");
  const sortHref = (next: typeof sort) => `/wip/closes/${close.id}${sortSearch(next)}`;
  return (
    <section className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <a href="/wip/closes" className="text-sm text-brand-700 hover:underline">
            ← WIP closes
          </a>
          <h1 className="mt-1 text-2xl font-semibold" data-testid="wip-close-title">
            WIP closed as of <CalendarDate value={close.periodEnd} />
            {close.version > 1 ? ` (version ${close.version})` : ""}
          </h1>
          <p className="mt-1 text-sm text-slate-700" data-testid="wip-close-status">
            {close.status === "closed" ? "Closed" : "Reopened"} · closed by {close.closedBy} on <DateTime value={close.closedAt} />
            {close.reopenedAt ? <> · reopened by {close.reopenedBy} on <DateTime value={close.reopenedAt} />: {close.reopenReason}</> : ""}
          </p>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            This period: since {close.previousPeriodEnd ? <>the close of <CalendarDate value={close.previousPeriodEnd} /></> : "the start (no earlier close)"}. Year to date: fiscal
            year from <CalendarDate value={close.fiscalYearStart} />, since {close.fiscalYearPeriodEnd ? <>the close of <CalendarDate value={close.fiscalYearPeriodEnd} /></> : "zero (no close at the previous fiscal year end)"}.
          </p>
        </div>
        <a href={`/wip/closes/${close.id}/export.xlsx${sortSearch(sort)}`} className="text-sm font-medium text-brand-700 hover:underline" download>
          Export to Excel
        </a>
      </header>
      <ExcludedNote count={close.excluded} />
      <WipTable rows={close.rows} totals={close.totals} sort={sort} table={wipCloseTable} sortHref={sortHref} emptyText="No project was in progress." />
      <section className="space-y-2">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h2 className="text-lg font-semibold">Journal entry for this close</h2>
            <p className="text-sm text-slate-600">Over and under billings, cumulative as of <CalendarDate value={close.periodEnd} />.</p>
          </div>
          <a href={`/wip/closes/${close.id}/journal.xlsx`} className="text-sm font-medium text-brand-700 hover:underline" download>
            Export the entry to Excel
          </a>
        </div>
        <WipJournalTable entry={journal} />
      </section>
      {canClose && close.status === "closed" ? <ReopenForm /> : null}
    </section>
  );
}
