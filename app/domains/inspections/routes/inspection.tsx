import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { formatDate } from "~/utils/org-format";
import { useOrgFormat } from "~/utils/org-format-context";
import { useCan, useViewer } from "~/utils/use-viewer";
import { PhotoPanel } from "~/domains/photos/photo-panel";
import { completeInspection, saveAnswers } from "../inspection-answers.server";
import { INSPECTION_STATUS_LABELS } from "../inspection-labels";
import { loadInspectionPage } from "../inspection-page.server";
import { inspectionProject } from "../inspection-project.server";
import { InspectionResults } from "../inspection-results";
import { InspectionRunForm } from "../inspection-run-form";
import { inspectionPageSchema } from "../inspections.schema";
import { findInspection, InspectionRefused, inspectionPath } from "../inspections.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.page.inspection.label ?? "Inspection"} · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

async function loadPage(request: Request, projectId: string | undefined, inspectionId: string | undefined, permission: "field:read" | "inspections:run") {
  const member = await requireMember(request, permission);
  const project = await inspectionProject(member, projectId);
  try {
    return { member, project, page: await withTenant(member.tenant, (tx) => loadInspectionPage(tx, project.id, inspectionId ?? "")) };
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project, page } = await loadPage(request, params.projectId, params.inspectionId, "field:read");
  return { project, page };
}

/** Saves the posted answers (a failed one raises its punch item or observation), or saves, signs and locks. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "inspections:run");
  const project = await inspectionProject(member, params.projectId);
  const inspectionId = params.inspectionId ?? "";
  try {
    await withTenant(member.tenant, (tx) => findInspection(tx, project.id, inspectionId));
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
  const submission = parseForm(form, inspectionPageSchema);
  if (submission.status !== "success") return invalid(submission);
  const input = submission.value;
  try {
    const target = { projectId: project.id, inspectionId };
    const outcome = await withTenant(member.tenant, (tx) =>
      input.intent === "complete" ? completeInspection(tx, { ...target, ...input, userId: member.user.id }) : saveAnswers(tx, { ...target, ...input }),
    );
    const raised = outcome.raised.length ? ` A failed item raised ${outcome.raised.map((r) => `${r.kind === "punch_item" ? "punch item" : "observation"} ${r.label}`).join(", ")}.` : "";
    const message = input.intent === "complete" ? `Inspection signed and completed.${raised}` : `Answers saved.${raised}`;
    return redirectWithFlash(inspectionPath(outcome.inspection), { kind: "success", message });
  } catch (error) {
    if (error instanceof InspectionRefused) return invalid(submission, { formErrors: [error.message] }, 409);
    throw error;
  }
}

export default function InspectionPage() {
  const { project, page } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const canRun = useCan("inspections:run");
  const canUpload = useCan("photos:upload");
  const viewer = useViewer();
  const format = useOrgFormat();
  const { inspection } = page;
  const base = `/projects/${project.id}/inspections`;
  const facts: [string, string][] = [
    ["Checklist", `${inspection.templateName} (v${inspection.versionNumber})`],
    ["Location", inspection.location || "—"],
    ["Milestone", inspection.milestone ?? "—"],
    ["Inspector", inspection.inspector ?? "—"],
    ["Date", formatDate(inspection.inspectedOn, format)],
    ["Status", INSPECTION_STATUS_LABELS[inspection.status]],
  ];
  return (
    <section className="mx-auto max-w-3xl space-y-6">
      <header>
        <Link to={base} className="text-sm text-brand-700 hover:underline">
          ← Inspections · {project.jobNumber} {project.name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">
          {inspection.label} · {inspection.title}
        </h1>
        <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <a href={`${base}/${inspection.id}/report.pdf`} className="mt-3 inline-flex min-h-11 items-center text-sm font-medium text-brand-700 hover:underline">
          Download the report (PDF)
        </a>
      </header>
      {inspection.status === "in_progress" && canRun ? (
        <InspectionRunForm page={page} signer={viewer?.name ?? ""} lastResult={lastResult} />
      ) : (
        <InspectionResults page={page} />
      )}
      {page.failedPhotos.map((failed) => (
        <div key={failed.id} className="rounded border border-red-200 bg-white p-3 sm:p-4" data-testid="failed-item-photos">
          <PhotoPanel
            projectId={project.id}
            subject={{ kind: "inspection_answer", id: failed.id }}
            photos={failed.photos}
            canUpload={canUpload}
            redirectTo={`${base}/${inspection.id}`}
            title={`Photos of the failed item: ${failed.prompt}`}
          />
        </div>
      ))}
    </section>
  );
}
