import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { organizationToday } from "~/utils/aging-report.server";
import { formatDate } from "~/utils/org-format";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { useCan } from "~/utils/use-viewer";
import { latestClosedPeriodEnd, listWipCloses } from "../wip-close-read.server";
import { closeWipSchema } from "../wip-close.schema";
import { closeWip, WipCloseRefused } from "../wip-close.server";
import { wipClosesTable } from "../wip-close.table";
import { defaultPeriodEnd } from "../wip-period";

export const meta: MetaFunction = () => [{ title: "WIP closes · SECG ERP" }];

/** Every close and reopen, newest period first (no paging: one row per close), and the proposed period end. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "wip:read");
  const query = parseTableQuery(wipClosesTable, new URL(request.url));
  return withTenant(member.tenant, async (tx) => {
    const rows = await listWipCloses(tx);
    await recordDataAccess(tx, { view: "wip_closes", format: "page", filters: {}, rowCount: rows.length });
    const [today, latestClosed] = [await organizationToday(tx), await latestClosedPeriodEnd(tx)];
    return { query, rows, latestClosed, proposed: defaultPeriodEnd(today, latestClosed) };
  });
}

/** Closes the WIP as of the chosen period end, then shows the closed schedule. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "wip:close");
  const submission = parseForm(form, closeWipSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const close = await closeWip(tx, { periodEnd: submission.value.periodEnd, userId: member.user.id });
        return { location: `/wip/closes/${close.id}`, message: `WIP closed as of ${formatDate(close.periodEnd, member.active)}${close.version > 1 ? ` (version ${close.version})` : ""}.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof WipCloseRefused) return invalid(submission, { fieldErrors: { periodEnd: [error.message] } }, 409);
    throw error;
  }
}

function CloseForm({ proposed, latestClosed }: { proposed: string; latestClosed: string | null }) {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(closeWipSchema, { id: "close-wip", lastResult, defaultValue: { intent: "close", periodEnd: proposed } });
  return (
    <PostForm {...getFormProps(form)} className="max-w-xl space-y-3 rounded border border-slate-200 bg-white p-4" data-testid="close-wip-form">
      <h2 className="text-lg font-semibold">Close a period</h2>
      <p className="text-sm text-slate-600">
        Freezes the WIP schedule as of the period end: cost by posting date, billing by application period, change orders by approval date.
        {latestClosed ? ` The latest closed period ends ${latestClosed}.` : " No period is closed yet."}
      </p>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="close" />
      <TextField meta={fields.periodEnd} label="Period end" type="date" />
      <SubmitButton>Close the period</SubmitButton>
    </PostForm>
  );
}

export default function WipCloses() {
  const { query, rows, latestClosed, proposed } = useLoaderData<typeof loader>();
  const canClose = useCan("wip:close");
  return (
    <section className="space-y-6">
      <header>
        <a href="/wip" className="text-sm text-brand-700 hover:underline">
          ← WIP schedule
        </a>
        <h1 className="mt-1 text-2xl font-semibold">WIP closes</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          Each month-end close keeps the WIP schedule as it stood at the period end, with the revenue earned and gross profit of the period (since the
          previous close) and of the fiscal year to date. A closed period changes only by reopening it with a reason and closing it again: every
          version stays listed here.
        </p>
      </header>
      {canClose ? <CloseForm proposed={proposed} latestClosed={latestClosed} /> : null}
      <DataTable
        definition={wipClosesTable}
        rows={rows}
        query={query}
        nextCursor={null}
        hasPrevious={false}
        pathname="/wip/closes"
        caption="WIP closes"
        emptyMessage="No period is closed yet."
      />
    </section>
  );
}
