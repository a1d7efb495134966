import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import type { z } from "zod";
import { DateTime } from "~/components/data-table/cells";
import { DataTable } from "~/components/data-table/data-table";
import { TableTools } from "~/components/data-table/table-tools";
import { ColumnsRefused, columnsRefusedResponse } from "~/domains/table-views/columns.server";
import { tableViewState } from "~/domains/table-views/view-state.server";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess, tableFilters } from "~/utils/data-access.server";
import { readForm } from "~/utils/csrf.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can, type PermissionKey } from "~/utils/permissions";
import { useCan } from "~/utils/use-viewer";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { AddLineForm, LineEditor, LockForm, TransferForm } from "../budget-forms";
import { addBudgetLine, BudgetRefused, deleteBudgetLine, setForecast, StaleBudgetRecord, updateBudgetLine } from "../budget-lines.server";
import { setBudgetLock } from "../budget-lock.server";
import { budgetPage } from "../budget-page.server";
import { addBudgetLineSchema, deleteBudgetLineSchema, forecastSchema, lockSchema, transferSchema, updateBudgetLineSchema } from "../budgets.schema";
import { budgetTable } from "../budgets.table";
import { transferBudget } from "../transfers.server";
import { TransfersList } from "../transfers-list";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Budget ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "budgets:read");
  const url = new URL(request.url);
  const parsed = parseTableQuery(budgetTable, url);
  const options = {
    editLineId: url.searchParams.get("line"),
    addForm: url.searchParams.get("add") === "1" && can(member.active.role, "budgets:edit"),
    transferForm: url.searchParams.get("transfer") === "1" && can(member.active.role, "budgets:transfer"),
    allTransfers: url.searchParams.get("transfers") === "all",
  };
  try {
    const data = await withTenant(member.tenant, async (tx) => {
      const { state: views, query } = await tableViewState(tx, member.user.id, budgetTable, url, parsed);
      const found = { ...(await budgetPage(tx, params.projectId ?? "", query, options)), views, query };
      await recordDataAccess(tx, { view: "budget", format: "page", filters: tableFilters(query, { projectId: found.project.id }), rowCount: found.page.rows.length });
      return found;
    });
    return data;
  } catch (error) {
    if (error instanceof ColumnsRefused) throw columnsRefusedResponse(error);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

/** Each intent: the permission it needs, its schema, the service call and the success message. */
const intents = {
  "add-line": { key: "budgets:edit", schema: addBudgetLineSchema, done: "Budget line added." },
  "update-line": { key: "budgets:edit", schema: updateBudgetLineSchema, done: "Budget line saved." },
  "delete-line": { key: "budgets:edit", schema: deleteBudgetLineSchema, done: "Budget line deleted." },
  "set-ftc": { key: "budgets:edit", schema: forecastSchema, done: "Forecast to complete saved." },
  transfer: { key: "budgets:transfer", schema: transferSchema, done: "Budget transferred." },
  lock: { key: "budgets:lock", schema: lockSchema, done: "Budget locked." },
  unlock: { key: "budgets:lock", schema: lockSchema, done: "Budget unlocked." },
} satisfies Record<string, { key: PermissionKey; schema: z.ZodType; done: string }>;

type Intent = keyof typeof intents;

function perform(tx: Tx, projectId: string, value: z.output<(typeof intents)[Intent]["schema"]>): Promise<unknown> {
  switch (value.intent) {
    case "add-line":
      return addBudgetLine(tx, projectId, value);
    case "update-line":
      return updateBudgetLine(tx, projectId, value);
    case "delete-line":
      return deleteBudgetLine(tx, projectId, value);
    case "set-ftc":
      return setForecast(tx, projectId, value);
    case "transfer":
      return transferBudget(tx, projectId, value);
    default:
      return setBudgetLock(tx, projectId, { lock: value.intent === "lock", version: value.version });
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (!(intent in intents)) throw new Response("Unknown action.", { status: 400 });
  const { key, schema, done } = intents[intent as Intent];
  const member = await requireMember(request, key);
  const projectId = params.projectId ?? "";
  const submission = parseForm(form, schema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        await perform(tx, projectId, submission.value);
        // After adding a line the form stays open for the next one.
        return { location: `/projects/${projectId}/budget${intent === "add-line" ? "?add=1#add-line" : ""}`, message: done };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof BudgetRefused)
      return invalid(submission, error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }, 409);
    if (error instanceof StaleBudgetRecord) return invalid(submission, { formErrors: [error.message] }, 409);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function Budget() {
  const { project, page, query, lines, transfers, transferCount, choices, editing, views } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const resultFor = (intent: string) => (actionData?.initialValue?.intent === intent ? actionData : undefined);
  const [canEdit, canTransfer, canLock] = [useCan("budgets:edit"), useCan("budgets:transfer"), useCan("budgets:lock")];
  const locked = project.budgetLockedAt !== null;
  const base = `/projects/${project.id}`;
  return (
    <section className="space-y-8">
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">
            <a href={base} className="text-brand-700 hover:underline">{project.jobNumber} · {project.name}</a>
            {" · "}
            <a href={`${base}/job-cost`} className="text-brand-700 hover:underline">Job cost report</a>
            {" · "}
            <a href={`${base}/opening-costs`} className="text-brand-700 hover:underline">Opening costs</a>
          </p>
          <h1 className="text-2xl font-semibold">Budget</h1>
          <p className="mt-1 text-sm text-slate-600" data-testid="budget-lock-state">
            {locked
              ? <>Locked <DateTime value={project.budgetLockedAt!} />{project.budgetLockedByName ? ` by ${project.budgetLockedByName}` : ""}: changes go through change orders and transfers.</>
              : "Unlocked: original amounts can still be edited."}
          </p>
        </div>
        {canLock ? <LockForm locked={locked} version={project.version} lastResult={resultFor(locked ? "unlock" : "lock")} /> : null}
      </header>
      <DataTable
        definition={budgetTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        totals={page.totals}
        columns={views.columns}
        tools={<TableTools definition={budgetTable} state={views} />}
        pathname={`${base}/budget`}
        exportHref={tableHref(`${base}/budget/export.xlsx`, query, { after: null })}
        caption="Budget by cost code and cost type (negative over/under is an overrun)"
        emptyMessage="No budget lines or cost activity match these filters."
      />
      {editing && canEdit ? (
        <div id="line-editor" className="rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-4 text-lg font-semibold">Edit {editing.label}</h2>
          <LineEditor key={`${editing.id}-${editing.version}`} line={editing} locked={locked} results={{ "update-line": resultFor("update-line"), "set-ftc": resultFor("set-ftc"), "delete-line": resultFor("delete-line") }} />
        </div>
      ) : null}
      <div className="grid gap-8 lg:grid-cols-2">
        {canEdit ? (
          <div id="add-line">
            <h2 className="mb-4 text-lg font-semibold">Add a budget line</h2>
            {choices === null ? (
              <a href={`${base}/budget?add=1#add-line`} className="text-sm font-medium text-brand-700 hover:underline">
                Add a budget line…
              </a>
            ) : (
              <AddLineForm costCodes={choices.costCodes} costTypes={choices.costTypes} locked={locked} lastResult={resultFor("add-line")} />
            )}
          </div>
        ) : null}
        {canTransfer ? (
          <div id="transfer">
            <h2 className="mb-4 text-lg font-semibold">Transfer budget</h2>
            {lines === null ? (
              <a href={`${base}/budget?transfer=1#transfer`} className="text-sm font-medium text-brand-700 hover:underline">
                Move budget between two lines…
              </a>
            ) : lines.length >= 2 ? (
              <TransferForm lines={lines} lastResult={resultFor("transfer")} />
            ) : (
              <p className="text-sm text-slate-600">A transfer needs at least two budget lines.</p>
            )}
          </div>
        ) : null}
      </div>
      <div id="transfers">
        <h2 className="mb-4 text-lg font-semibold">Budget transfers</h2>
        <TransfersList transfers={transfers} />
        {transfers.length < transferCount ? (
          <p className="mt-2 text-sm text-slate-600">
            The latest {transfers.length} of {transferCount}.{" "}
            <a href={`${base}/budget?transfers=all#transfers`} className="font-medium text-brand-700 hover:underline">Show all transfers</a>
          </p>
        ) : null}
      </div>
    </section>
  );
}
