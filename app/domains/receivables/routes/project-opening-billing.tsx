import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { ProjectPageHeader } from "~/components/project-page-header";
import { findContract } from "~/domains/contracts/contracts.server";
import { getProject } from "~/domains/projects/projects.server";
import { requireVisibleProject } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { useCan } from "~/utils/use-viewer";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { OpeningBillingSheet, type OpeningSheetView } from "../opening-billing-sheet";
import { openingBillingSchema } from "../opening-billing.schema";
import { openingSheet, saveOpeningBilling } from "../opening-billing.server";
import { payAppFailure } from "../pay-app-routes.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Opening position · ${data?.project.name ?? "Project"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "receivables:read");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const project = await getProject(tx, params.projectId ?? "");
      const header = { id: project.id, name: project.name, jobNumber: project.jobNumber };
      if (!(await findContract(tx, project.id))) return { project: header, sheet: null, openingId: null, blocker: "This project has no prime contract yet: create it and its schedule of values first." };
      const { opening, lines, receivedToDate, blocker } = await openingSheet(tx, project.id);
      const sheet: OpeningSheetView = {
        version: opening?.version ?? 0,
        lastApplicationNumber: opening ? String(opening.number) : "",
        periodEnd: opening?.periodEnd ?? "",
        certificateDate: opening?.applicationDate ?? "",
        previousCertificates: opening?.line8CurrentPaymentDue ?? "0.00",
        receivedToDate,
        lines,
      };
      return { project: header, sheet, openingId: opening?.id ?? null, blocker };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

/** Enters or corrects the opening position: every line and the contract-level figures in one post. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "receivables:certify");
  const projectId = params.projectId ?? "";
  await requireVisibleProject(member.tenant, projectId);
  const submission = parseForm(form, openingBillingSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const opening = await saveOpeningBilling(tx, projectId, { ...submission.value, userId: member.user.id });
        return { location: `/projects/${projectId}/pay-apps`, message: `Opening position saved: the next application will be #${opening.number + 1}.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    return payAppFailure(submission, error);
  }
}

export default function ProjectOpeningBilling() {
  const { project, sheet, openingId, blocker } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const canCertify = useCan("receivables:certify");
  return (
    <section className="space-y-6">
      <ProjectPageHeader
        project={project}
        title={<>Opening position <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 align-middle text-sm font-medium text-amber-900">Opening position</span></>}
        description="For a job already under way when your organization started using the app: where the owner billing stood after the last application billed before. The next application continues from it."
      />
      <p className="max-w-4xl text-sm text-slate-600">
        Per line of the schedule of values: work completed and materials stored from previous applications, and the retainage held to date as the old
        certificates held it (it is carried exactly, even if they used another rate). The previous certificates total becomes line 7 of the next
        application; what is not received yet is a receivable due on the certificate date.{" "}
        {openingId ? (
          <Link to={`/pay-apps/${openingId}`} className="text-brand-700 hover:underline">
            See it as an application
          </Link>
        ) : null}
      </p>
      {blocker ? (
        <p className="text-sm text-slate-700" data-testid="opening-blocker">
          {blocker}
        </p>
      ) : null}
      {sheet ? <OpeningBillingSheet sheet={sheet} editable={canCertify && blocker === null} lastResult={lastResult} /> : null}
    </section>
  );
}
