import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect } from "react-router";
import { Link, useActionData, useLoaderData, useRevalidator } from "react-router";
import { useEffect } from "react";
import { z } from "zod";
import { DateTime } from "~/components/data-table/cells";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { isUuid } from "~/utils/ids";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { importPageData } from "../import-page.server";
import { ImportErrorsTable, ProblemGroupsTable } from "../import-problems-view";
import { importPath } from "../import-status";
import { CommittedCountsTable, confirmLabel, formatCount, ImportProgress, ImportStatusBadge, RefreshWithoutScript, SheetCountsTable, Uploaded } from "../import-view";
import { confirmImport, ImportConflict, requeueImport, retryImport } from "../imports.server";
import { formatBytes } from "../upload-limits";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Import ${data?.record.fileName ?? ""} · SECG ERP` }];

const notFound = () => notFoundResponse(new RecordNotFound("import"));
const pageParam = z.coerce.number().int().min(1).max(1_000_000).catch(1);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "imports:run");
  const importId = params.importId ?? "";
  if (!isUuid(importId)) throw notFound();
  const url = new URL(request.url);
  const page = pageParam.parse(url.searchParams.get("page") ?? undefined);
  const found = await withTenant(member.tenant, (tx) => importPageData(tx, importId, page));
  if (!found) throw notFound();
  return { ...found, uploadedAgain: url.searchParams.get("again") === "1" };
}

const actionSchema = z.object({
  intent: z.enum(["confirm", "retry", "requeue"]),
  version: z.number().int().min(1),
});

const ACTIONS = { confirm: confirmImport, retry: retryImport, requeue: requeueImport } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "imports:run");
  const importId = params.importId ?? "";
  if (!isUuid(importId)) throw notFound();
  const submission = parseForm(form, actionSchema);
  if (submission.status !== "success") return invalid(submission);
  const { intent, version } = submission.value;
  try {
    const updated = await withTenant(member.tenant, (tx) => ACTIONS[intent](tx, { id: importId, version, userId: member.user.id }));
    if (!updated) throw notFound();
  } catch (error) {
    if (error instanceof ImportConflict) return invalid(submission, { formErrors: [error.message] }, 409);
    throw error;
  }
  return redirect(importPath(importId), { status: 303 });
}

/** With JavaScript, the page reloads its data every second while the import runs. */
function usePolling(active: boolean) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active || state !== "idle") return;
    const timer = setTimeout(revalidate, 1000);
    return () => clearTimeout(timer);
  }, [active, state, revalidate]);
}

function ActionButton({ intent, version, tone, children }: { intent: string; version: number; tone?: "primary" | "secondary"; children: string }) {
  return (
    <PostForm>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={version} />
      <SubmitButton tone={tone}>{children}</SubmitButton>
    </PostForm>
  );
}

export default function ImportPage() {
  const { record, sheets, committed, errors, uploadedAgain } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  usePolling(record.running);
  const path = importPath(record.id);
  const errorsHref = `${path}/errors.xlsx`;
  return (
    <section className="space-y-6">
      {record.running ? <RefreshWithoutScript /> : null}
      <header>
        <Link to="/imports" className="text-sm text-brand-700 hover:underline">
          ← Imports
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold">
          <span className="break-all">{record.fileName}</span> <ImportStatusBadge status={record.status} />
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          <Uploaded at={record.uploadedAt} by={record.uploadedBy} /> · {formatBytes(record.byteSize)}
          {record.attempt > 1 ? ` · attempt ${record.attempt}` : ""}
          {record.finishedAt && record.status === "done" ? <> · imported <DateTime value={record.finishedAt} /></> : ""}
        </p>
      </header>

      {uploadedAgain ? (
        <p role="status" className="rounded border border-sky-300 bg-sky-50 px-4 py-2 text-sm text-sky-900">
          This file was already uploaded on <DateTime value={record.uploadedAt} />; showing that import.
        </p>
      ) : null}
      <FormErrors errors={actionData?.error?.[""] ?? undefined} />

      {record.stuck ? (
        <div className="space-y-3 rounded border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900" role="alert">
          <p>
            <span className="font-medium">The worker processing this import stopped responding.</span> Re-queue it to start this step again with
            another worker; nothing the stopped worker did is kept twice.
          </p>
          <ActionButton intent="requeue" version={record.version}>
            Re-queue
          </ActionButton>
        </div>
      ) : null}

      {record.status === "queued" || record.status === "parsing" || record.status === "committing" ? (
        <ImportProgress status={record.status} done={record.progressDone} total={record.progressTotal} />
      ) : null}

      {record.status === "failed" ? (
        <div className="space-y-3 rounded border border-red-200 bg-red-50 p-4 text-sm text-red-800" role="alert">
          <p>
            <span className="font-medium">{record.failedPhase === "committing" ? "The import failed; nothing was written." : "Checking the file failed."}</span>{" "}
            {record.failureMessage ?? ""}
          </p>
          <ActionButton intent="retry" version={record.version}>
            Retry
          </ActionButton>
        </div>
      ) : null}

      {record.status === "validated" ? (
        <div className="space-y-4">
          <h2 className="text-lg font-semibold">Preview</h2>
          <p className="text-sm text-slate-600">
            Nothing has been written yet. Check the counts and the problems below, then import.
            {record.errorRows > 0
              ? " Rows with errors are skipped, and so are rows that refer to them. Either fix the file and upload it again, or import the valid rows now, then download the rows with errors, fix them and upload that file: rows are matched by their keys, so nothing is imported twice."
              : ""}
          </p>
          <SheetCountsTable sheets={sheets} />
          <div className="flex flex-wrap items-center gap-4">
            {record.validRows > 0 ? (
              <ActionButton intent="confirm" version={record.version}>
                {confirmLabel(record.validRows, record.errorRows)}
              </ActionButton>
            ) : (
              <p className="text-sm text-slate-700">No row can be imported: fix the problems below and upload the file again.</p>
            )}
            <Link to="/imports/new" className="text-sm text-brand-700 hover:underline">
              Upload a corrected file
            </Link>
          </div>
        </div>
      ) : null}

      {record.status === "done" && committed ? (
        <div className="space-y-4">
          <h2 className="text-lg font-semibold">Imported</h2>
          <CommittedCountsTable sheets={committed} />
          <p className="text-sm text-slate-700">
            See them in{" "}
            <Link to="/projects" className="text-brand-700 hover:underline">Projects</Link>,{" "}
            <Link to="/vendors" className="text-brand-700 hover:underline">Vendors</Link> and{" "}
            <Link to="/cost-codes" className="text-brand-700 hover:underline">Cost codes</Link>.
          </p>
        </div>
      ) : null}

      {errors && errors.total > 0 ? (
        <div className="space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <h2 className="text-lg font-semibold">
              Problems ({formatCount(errors.total)}){record.status === "done" ? ": these rows were skipped" : ""}
            </h2>
            {record.errorRows > 0 ? (
              <a href={errorsHref} className="text-sm font-medium text-brand-700 hover:underline" download>
                Download the rows with errors (.xlsx)
              </a>
            ) : null}
          </div>
          <ProblemGroupsTable errors={errors} />
          <h3 className="pt-2 text-base font-semibold">Every problem</h3>
          <ImportErrorsTable errors={errors} pathname={path} />
        </div>
      ) : null}
    </section>
  );
}
