import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { organizationToday } from "~/utils/aging-report.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { formatDate, formatDateTime } from "~/utils/org-format";
import { useOrgFormat } from "~/utils/org-format-context";
import { useCan } from "~/utils/use-viewer";
import { PhotoPanel } from "~/domains/photos/photo-panel";
import { listPhotos } from "~/domains/photos/photos.server";
import { NCR_STATUS_LABELS } from "../inspection-labels";
import { inspectionProject } from "../inspection-project.server";
import { NcrEditForm, NcrStepForm } from "../ncr-forms";
import { ncrPageSchema } from "../ncrs.schema";
import { changeNcr, findNcr, NcrRefused, ncrPath } from "../ncrs.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.ncr.label ?? "NCR"} · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await inspectionProject(member, params.projectId);
  try {
    return await withTenant(member.tenant, async (tx) => {
      const ncr = await findNcr(tx, project.id, params.ncrId ?? "");
      return { project, ncr, today: await organizationToday(tx), photos: await listPhotos(tx, { kind: "ncr", id: ncr.id }) };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

/** Edits the report or takes its next step; every step is audited. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "inspections:run");
  const project = await inspectionProject(member, params.projectId);
  const ncrId = params.ncrId ?? "";
  try {
    await withTenant(member.tenant, (tx) => findNcr(tx, project.id, ncrId));
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
  const submission = parseForm(form, ncrPageSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const after = await withTenant(member.tenant, (tx) => changeNcr(tx, project.id, ncrId, submission.value, member.user.id));
    const message = submission.value.intent === "update" ? "Report saved." : `Report is now ${NCR_STATUS_LABELS[after.status].toLowerCase()}.`;
    return redirectWithFlash(ncrPath(after), { kind: "success", message });
  } catch (error) {
    if (error instanceof NcrRefused) return invalid(submission, { formErrors: [error.message] }, 409);
    throw error;
  }
}

export default function NcrPage() {
  const { project, ncr, today, photos } = useLoaderData<typeof loader>();
  const canUpload = useCan("photos:upload");
  const lastResult = useActionData<typeof action>();
  const canRun = useCan("inspections:run");
  const format = useOrgFormat();
  const posted = (lastResult?.initialValue as { intent?: string } | null | undefined)?.intent;
  const facts: [string, string][] = [
    ["Status", NCR_STATUS_LABELS[ncr.status]],
    ["Location", ncr.location || "—"],
    ["Raised", `${formatDateTime(new Date(ncr.createdAt).toISOString(), format)}${ncr.raisedByName ? ` by ${ncr.raisedByName}` : ""}`],
    ["Root cause", ncr.rootCause || "—"],
    ["Corrective action", ncr.correctiveAction || "—"],
    ["Verification", ncr.verifiedOn ? `${ncr.verifiedByName} on ${formatDate(ncr.verifiedOn, format)}: ${ncr.verificationMethod}` : "—"],
    ["Closed", ncr.closedAt ? `${formatDateTime(new Date(ncr.closedAt).toISOString(), format)}${ncr.closedByName ? ` by ${ncr.closedByName}` : ""}` : "—"],
  ];
  return (
    <section className="mx-auto max-w-3xl space-y-6">
      <header>
        <Link to={`/projects/${project.id}/ncrs`} className="text-sm text-brand-700 hover:underline">
          ← Non-conformance reports · {project.jobNumber} {project.name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">
          {ncr.label} · {ncr.title}
        </h1>
        {ncr.inspectionId ? (
          <p className="mt-1 text-sm">
            From inspection{" "}
            <Link to={`/projects/${project.id}/inspections/${ncr.inspectionId}`} className="text-brand-700 hover:underline">
              {ncr.inspectionLabel}
            </Link>
            {ncr.prompt ? `, failed item “${ncr.prompt}”` : ""}
          </p>
        ) : null}
        <p className="mt-3 whitespace-pre-line">{ncr.description}</p>
      </header>
      <dl className="grid gap-3 rounded border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2" data-testid="ncr-facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
            <dd className="whitespace-pre-line">{value}</dd>
          </div>
        ))}
      </dl>
      {canRun ? <NcrStepForm ncr={ncr} today={today} lastResult={posted !== "update" ? lastResult : undefined} /> : null}
      <PhotoPanel projectId={project.id} subject={{ kind: "ncr", id: ncr.id }} photos={photos} canUpload={canUpload && ncr.status !== "closed"} redirectTo={`/projects/${project.id}/ncrs/${ncr.id}`} />
      {canRun && ncr.status !== "closed" ? <NcrEditForm ncr={ncr} lastResult={posted === "update" ? lastResult : undefined} /> : null}
    </section>
  );
}
