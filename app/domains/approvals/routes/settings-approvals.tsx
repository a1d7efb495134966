import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { Money } from "~/components/data-table/cells";
import { FormErrors, PostForm } from "~/components/forms";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { PERMISSIONS } from "~/utils/permissions";
import { APPROVAL_DOCUMENT_LABELS, deletePolicySchema, policySchema } from "../approvals.schema";
import { deletePolicy, listApproverMembers, listPolicies, PolicyRefused, savePolicy } from "../policies.server";
import { PolicyForm } from "../policy-form";

export const meta: MetaFunction = () => [{ title: "Approval policies · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "approvals:manage");
  const editId = new URL(request.url).searchParams.get("edit");
  const [policies, members] = await withTenant(member.tenant, (tx) => Promise.all([listPolicies(tx), listApproverMembers(tx)]));
  return {
    policies: policies.map(({ createdAt: _c, updatedAt: _u, organizationId: _o, ...p }) => p),
    members: members.map(({ userId, name, email }) => ({ userId, name, email })),
    editId: policies.some((p) => p.id === editId) ? editId : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "approvals:manage");
  const intent = form.get("intent");
  if (intent !== "save" && intent !== "delete") throw new Response("Unknown action.", { status: 400 });
  const submission = intent === "delete" ? parseForm(form, deletePolicySchema) : parseForm(form, policySchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    if ("step1" in submission.value) {
      const input = submission.value;
      const saved = await withTenant(member.tenant, (tx) => savePolicy(tx, input));
      return redirectWithFlash("/settings/approvals", { kind: "success", message: `Policy “${saved.name}” saved.` });
    }
    const input = submission.value;
    await withTenant(member.tenant, (tx) => deletePolicy(tx, input));
    return redirectWithFlash("/settings/approvals", { kind: "success", message: "Policy deleted. Approvals already under way keep their steps." });
  } catch (error) {
    if (error instanceof PolicyRefused) return invalid(submission, { formErrors: [error.message] }, 409);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";

export default function ApprovalPolicies() {
  const { policies, members, editId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const deleteErrors = actionData?.initialValue?.intent === "delete" ? (actionData.error?.[""] ?? undefined) : undefined;
  const saveResult = actionData?.initialValue?.intent === "delete" ? undefined : actionData;
  const editing = policies.find((p) => p.id === editId) ?? null;
  const stepText = (s: (typeof policies)[number]["steps"][number]) =>
    s.approverUserId ? `Only ${s.approverName ?? "a former member"}` : `Anyone who may: ${PERMISSIONS[s.permissionKey as keyof typeof PERMISSIONS]?.label ?? s.permissionKey}`;
  return (
    <section className="max-w-5xl space-y-8">
      <header>
        <h1 className="text-2xl font-semibold">Approval policies</h1>
        <div className="mt-2 max-w-3xl space-y-1 text-sm text-slate-600">
          <p>
            When a document is submitted, the active policy of its type with the highest starting amount at or below the document&apos;s amount applies (a deduction counts by its size). Its 1–3 steps are
            copied onto the approval and decided in order; changing a policy later does not change approvals already under way.
          </p>
          <p>
            With no matching policy, a change order still needs one step by anyone who may approve change orders. The submitter may decide a step they are entitled to; to require a second person, name them in a step.
          </p>
        </div>
      </header>
      <FormErrors errors={deleteErrors} />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Approval policies</caption>
          <thead className="bg-slate-50">
            <tr>
              <th className={th}>Document type</th>
              <th className={th}>Name</th>
              <th className={`${th} text-right`}>Applies from</th>
              <th className={th}>Steps</th>
              <th className={th}>Active</th>
              <th className={th}>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {policies.length === 0 ? (
              <tr>
                <td colSpan={6} className="px-3 py-6 text-center text-slate-500">
                  No policies yet: every change order needs one approval by anyone who may approve change orders.
                </td>
              </tr>
            ) : null}
            {policies.map((p) => (
              <tr key={p.id}>
                <td className="px-3 py-2">{APPROVAL_DOCUMENT_LABELS[p.documentType]}</td>
                <td className="px-3 py-2">{p.name}</td>
                <td className="px-3 py-2 text-right tabular-nums">
                  <Money value={p.minAmount} />
                </td>
                <td className="px-3 py-2">
                  <ol className="list-decimal pl-4">
                    {p.steps.map((s) => (
                      <li key={s.stepNumber}>{stepText(s)}</li>
                    ))}
                  </ol>
                </td>
                <td className="px-3 py-2">{p.active ? "Yes" : "No"}</td>
                <td className="whitespace-nowrap px-3 py-2">
                  <Link to={`/settings/approvals?edit=${p.id}`} className="mr-3 text-brand-700 hover:underline">
                    Edit
                  </Link>
                  <PostForm className="inline">
                    <input type="hidden" name="policyId" value={p.id} />
                    <input type="hidden" name="version" value={p.version} />
                    <button type="submit" name="intent" value="delete" className="text-red-700 hover:underline">
                      Delete
                    </button>
                  </PostForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="max-w-3xl">
        <PolicyForm key={editing?.id ?? "new"} policy={editing} members={members} lastResult={saveResult} />
      </div>
    </section>
  );
}
