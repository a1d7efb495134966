import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { getProject } from "~/domains/projects/projects.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { ChangeOrderRefused, createChangeOrder, executedCommitments } from "../change-orders.server";
import { CHANGE_ORDER_KIND_LABELS, CHANGE_ORDER_STAGE_LABELS, newChangeOrderSchema, options } from "../change-orders.schema";

export const meta: MetaFunction = () => [{ title: "New change order · SECG ERP" }];

const notFound = (error: unknown) => {
  if (error instanceof RecordNotFound) return notFoundResponse(error);
  return error;
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "change_orders:manage");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const project = await getProject(tx, params.projectId ?? "");
      const commitments = await executedCommitments(tx, project.id);
      return { project: { id: project.id, jobNumber: project.jobNumber, name: project.name }, commitments };
    });
  } catch (error) {
    throw notFound(error);
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "change_orders:manage");
  const submission = parseForm(form, newChangeOrderSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const created = await createChangeOrder(tx, { ...submission.value, commitmentId: submission.value.commitmentId ?? null, projectId: params.projectId ?? "" });
        return { location: `/change-orders/${created.id}`, message: `Change order #${created.number} created. Add its lines next.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof ChangeOrderRefused) return invalid(submission, { fieldErrors: { commitmentId: [error.message] } }, 409);
    throw notFound(error);
  }
}

export default function NewChangeOrder() {
  const { project, commitments } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(newChangeOrderSchema, { lastResult, defaultValue: { kind: "prime", stage: "potential" } });
  const commitmentOptions = [
    { value: "", label: commitments.length ? "— For a commitment change order —" : "— No executed commitments yet —" },
    ...commitments.map((c) => ({ value: c.id, label: `${c.number} · ${c.title} (${c.vendorName})` })),
  ];
  return (
    <section className="max-w-2xl">
      <Link to={`/projects/${project.id}/change-orders`} className="text-sm text-brand-700 hover:underline">
        ← Change orders of {project.jobNumber} {project.name}
      </Link>
      <h1 className="mt-1 text-2xl font-semibold">New change order</h1>
      <p className="mt-1 text-sm text-slate-600">
        It gets the project&apos;s next number and starts as a draft. A potential change order records a change that may happen; convert it to a change order when it is ready to be approved.
      </p>
      <PostForm {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors errors={form.errors} />
        <SelectField meta={fields.kind} label="Kind" options={options(CHANGE_ORDER_KIND_LABELS)} />
        <SelectField meta={fields.commitmentId} label="Commitment (commitment change orders only)" options={commitmentOptions} />
        <SelectField meta={fields.stage} label="Stage" options={options(CHANGE_ORDER_STAGE_LABELS)} />
        <TextField meta={fields.title} label="Title" />
        <TextField meta={fields.description} label="Description" />
        <SubmitButton>Create change order</SubmitButton>
      </PostForm>
    </section>
  );
}
