import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { rateToPercent } from "~/utils/money";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { getProject } from "../../projects/projects.server";
import { listVendorOptions } from "../../vendors/vendors.server";
import { NO_BANDS } from "../../contracts/retainage-bands";
import { bandDefaults } from "../../contracts/retainage-bands-fields";
import { CommitmentHeaderFields } from "../commitment-header-fields";
import { newCommitmentSchema } from "../commitments.schema";
import { CommitmentRefused, createCommitment } from "../commitments.server";

export const meta: MetaFunction = () => [{ title: "New commitment · SECG ERP" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "commitments:manage");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const project = await getProject(tx, params.projectId ?? "");
      return {
        project: { id: project.id, name: project.name, jobNumber: project.jobNumber },
        defaultRetainagePercent: rateToPercent(project.defaultRetainageRate),
        vendors: (await listVendorOptions(tx)).map((v) => ({ value: v.id, label: v.name })),
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "commitments:manage");
  const submission = parseForm(form, newCommitmentSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const created = await createCommitment(tx, params.projectId ?? "", submission.value);
        return { location: `/commitments/${created.id}`, message: `Commitment ${created.number} created. Add its lines next.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    if (error instanceof CommitmentRefused)
      return invalid(submission, error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }, 409);
    throw error;
  }
}

export default function NewCommitment() {
  const { project, defaultRetainagePercent, vendors } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(newCommitmentSchema, { lastResult, defaultValue: { type: "subcontract", retainagePercent: defaultRetainagePercent, ...bandDefaults(NO_BANDS) },
  });
  return (
    <section className="max-w-2xl">
      <Link to={`/projects/${project.id}/commitments`} className="text-sm text-brand-700 hover:underline">
        ← Commitments of {project.jobNumber} {project.name}
      </Link>
      <h1 className="mt-1 text-2xl font-semibold">New commitment</h1>
      {vendors.length === 0 ? (
        <p className="mt-4 text-sm text-amber-800">
          There are no vendors yet. <Link to="/vendors" className="text-brand-700 underline">Add a vendor</Link> first.
        </p>
      ) : null}
      <PostForm {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors errors={form.errors} />
        <CommitmentHeaderFields fields={fields} vendors={vendors} />
        <SubmitButton>Create commitment</SubmitButton>
      </PostForm>
    </section>
  );
}
