import { getFormProps, type SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData } from "react-router";
import type { z } from "zod";
import { FormErrors, inputClass, PostForm, SelectField, SubmitButton } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { requireMember, type Member } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { getProject, listProjectOptions } from "../../projects/projects.server";
import { listVendorOptions } from "../../vendors/vendors.server";
import { defaultInvoiceDates, executedCommitmentOptions } from "../ap-invoice-choices.server";
import { ApInvoiceHeaderFields } from "../ap-invoice-header-fields";
import { createCommitmentInvoice, createDirectInvoice } from "../ap-invoices.server";
import { apErrorReply } from "../ap-route-errors.server";
import { newCommitmentInvoiceSchema, newDirectInvoiceSchema } from "../payables.schema";

export const meta: MetaFunction = () => [{ title: "New vendor invoice · SECG ERP" }];

/** Step 1 (no `?projectId=`): choose the project. Step 2: enter the invoice against a commitment of it, or as a direct cost. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "payables:manage");
  const projectId = new URL(request.url).searchParams.get("projectId");
  const dates = defaultInvoiceDates();
  try {
    return await withTenant(member.tenant, async (tx) => {
      const projects = (await listProjectOptions(tx)).map((p) => ({ value: p.id, label: p.label }));
      if (!projectId) return { projects, project: null, commitments: [], vendors: [], dates };
      const project = await getProject(tx, projectId);
      return {
        projects,
        project: { id: project.id, name: project.name, jobNumber: project.jobNumber },
        commitments: await executedCommitmentOptions(tx, project.id),
        vendors: (await listVendorOptions(tx)).map((v) => ({ value: v.id, label: v.name })),
        dates,
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

async function create<S extends z.ZodType>(request: Request, form: FormData, member: Member, schema: S, run: (tx: Tx, value: z.output<S>) => Promise<{ id: string; invoiceNumber: string }>, shown: string[]) {
  const submission = parseForm(form, schema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const created = await run(tx, submission.value as z.output<S>);
        return { location: `/payables/${created.id}`, message: `Invoice ${created.invoiceNumber} entered as a draft. Enter its lines next.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    return apErrorReply(submission, error, shown);
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "payables:manage");
  const header = ["invoiceNumber", "invoiceDate", "dueDate", "description"];
  switch (form.get("intent")) {
    case "commitment":
      return create(request, form, member, newCommitmentInvoiceSchema, createCommitmentInvoice, ["commitmentId", ...header]);
    case "direct":
      return create(request, form, member, newDirectInvoiceSchema, createDirectInvoice, ["vendorId", ...header]);
    default:
      throw new Response("Unknown action.", { status: 400 });
  }
}

type Option = { value: string; label: string };
type Result = SubmissionResult<string[]> | undefined;

function CommitmentInvoiceForm({ commitments, dates, lastResult }: { commitments: Option[]; dates: Record<string, string>; lastResult: Result }) {
  const [form, fields] = useZodForm(newCommitmentInvoiceSchema, { id: "new-commitment-invoice", lastResult, defaultValue: dates });
  if (commitments.length === 0) return <p className="text-sm text-slate-600">This project has no executed commitments: enter the invoice as a direct cost, or execute the commitment first.</p>;
  return (
    <PostForm {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="commitment" />
      <SelectField meta={fields.commitmentId} label="Commitment" options={[{ value: "", label: "Choose a commitment" }, ...commitments]} />
      <ApInvoiceHeaderFields fields={fields} />
      <SubmitButton>Enter invoice against the commitment</SubmitButton>
    </PostForm>
  );
}

function DirectInvoiceForm({ projectId, vendors, dates, lastResult }: { projectId: string; vendors: Option[]; dates: Record<string, string>; lastResult: Result }) {
  const [form, fields] = useZodForm(newDirectInvoiceSchema, { id: "new-direct-invoice", lastResult, defaultValue: { ...dates, projectId } });
  return (
    <PostForm {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="direct" />
      <input type="hidden" name="projectId" value={projectId} />
      <SelectField meta={fields.vendorId} label="Vendor" options={[{ value: "", label: "Choose a vendor" }, ...vendors]} />
      <ApInvoiceHeaderFields fields={fields} />
      <SubmitButton>Enter direct-cost invoice</SubmitButton>
    </PostForm>
  );
}

export default function NewPayable() {
  const { projects, project, commitments, vendors, dates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultFor = (intent: string) => (String(actionData?.initialValue?.intent ?? "commitment") === intent ? actionData : undefined);
  return (
    <section className="max-w-3xl space-y-8">
      <header>
        <Link to="/payables" className="text-sm text-brand-700 hover:underline">
          ← Vendor invoices
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">New vendor invoice</h1>
      </header>
      <Form method="get" className="flex flex-wrap items-end gap-3">
        <label className="min-w-72 flex-1 text-sm">
          <span className="block font-medium text-slate-700">1. Project</span>
          <select name="projectId" defaultValue={project?.id ?? ""} className={inputClass}>
            <option value="">Choose a project</option>
            {projects.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <SubmitButton tone="secondary">{project ? "Change project" : "Continue"}</SubmitButton>
      </Form>
      {project ? (
        <>
          <div className="space-y-3 rounded border border-slate-200 bg-white p-4">
            <h2 className="text-lg font-semibold">2. Against a commitment</h2>
            <p className="text-sm text-slate-600">
              A subcontractor or supplier billing an executed commitment of {project.jobNumber} {project.name}: you enter this period per commitment line
              next, and retainage is held at the commitment&apos;s rate.
            </p>
            <CommitmentInvoiceForm key={project.id} commitments={commitments} dates={dates} lastResult={resultFor("commitment")} />
          </div>
          <div className="space-y-3 rounded border border-slate-200 bg-white p-4">
            <h2 className="text-lg font-semibold">2. Or as a direct cost</h2>
            <p className="text-sm text-slate-600">A cost not under a commitment (rentals, small purchases): lines by cost code and cost type, no retainage.</p>
            {vendors.length === 0 ? (
              <p className="text-sm text-amber-800">
                There are no vendors yet. <Link to="/vendors" className="text-brand-700 underline">Add a vendor</Link> first.
              </p>
            ) : (
              <DirectInvoiceForm key={project.id} projectId={project.id} vendors={vendors} dates={dates} lastResult={resultFor("direct")} />
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}
