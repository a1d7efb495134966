import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, Link, useActionData, useLoaderData } from "react-router";
import type { z } from "zod";
import { CalendarDate, DateTime } from "~/components/data-table/cells";
import { FormErrors, PostForm } from "~/components/forms";
import { PhotoPanel } from "~/domains/photos/photo-panel";
import { listPhotos } from "~/domains/photos/photos.server";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { useCan } from "~/utils/use-viewer";
import { closeObservation, convertObservation, getObservation } from "../observations.server";
import { Badge, buttonClass, Facts, touchForm } from "../punch-ui";
import { closeObservationSchema, convertObservationSchema, OBSERVATION_KIND_LABELS, OBSERVATION_SEVERITY_LABELS, observationNumber, punchItemPath, punchNumber } from "../punch.schema";
import { PunchConflict, PunchRefused } from "../punch.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `Observation ${observationNumber(data.observation.number)}` : "Observation"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  try {
    const [o, photos] = await withTenant(member.tenant, async (tx) => {
      const found = await getObservation(tx, project.id, params.observationId ?? "");
      return [found, await listPhotos(tx, { kind: "observation", id: found.id }, { projectId: project.id })] as const;
    });
    return {
      photos,
      project: { id: project.id, jobNumber: project.jobNumber, name: project.name },
      observation: { ...o, createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString(), closedAt: o.closedAt?.toISOString() ?? null },
    };
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "punch:manage");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const observationId = params.observationId ?? "";
  const self = `/projects/${project.id}/observations/${observationId}`;

  async function perform<S extends z.ZodType>(schema: S, work: (tx: Tx, value: z.output<S>) => Promise<{ location: string; message: string }>) {
    const submission = parseForm(form, schema);
    if (submission.status !== "success") return invalid(submission);
    try {
      const submitted = await withTenant(member.tenant, (tx) => submitOnce(tx, request, form, () => work(tx, submission.value as z.output<S>)));
      return redirectSubmitted(submitted);
    } catch (error) {
      if (error instanceof PunchRefused) return invalid(submission, { fieldErrors: { [error.field]: [error.message] } });
      if (error instanceof PunchConflict) return invalid(submission, { formErrors: [error.message] }, 409);
      if (error instanceof RecordNotFound) throw notFoundResponse(error);
      throw error;
    }
  }

  const ref = { projectId: project.id, observationId };
  switch (String(form.get("intent") ?? "")) {
    case "close":
      return perform(closeObservationSchema, async (tx, v) => {
        const o = await closeObservation(tx, { ...ref, version: v.version, correctiveAction: v.correctiveAction });
        return { location: self, message: `Observation ${observationNumber(o.number)} closed.` };
      });
    case "convert":
      return perform(convertObservationSchema, async (tx, v) => {
        const { item } = await convertObservation(tx, { ...ref, version: v.version });
        return { location: punchItemPath(item), message: `Punch item ${punchNumber(item.number)} created from the observation.` };
      });
    default:
      return data({ error: { "": ["Unknown action."] }, initialValue: { intent: String(form.get("intent") ?? "") } }, { status: 400 });
  }
}

export default function ObservationPage() {
  const { project, observation: o, photos } = useLoaderData<typeof loader>();
  const canUpload = useCan("photos:upload");
  const result = useActionData<typeof action>();
  const errors = result ? Object.values(result.error ?? {}).flatMap((e) => e ?? []) : undefined;
  const canManage = useCan("punch:manage");
  const open = o.status === "open";
  return (
    <section className="max-w-3xl space-y-6">
      <header>
        <Link to={`/projects/${project.id}/observations`} className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline">
          ← Observations of {project.jobNumber} {project.name}
        </Link>
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold">
          Observation {observationNumber(o.number)} · {OBSERVATION_KIND_LABELS[o.kind]}
          <Badge tone={open ? "open" : "closed"}>{open ? "Open" : "Closed"}</Badge>
        </h1>
      </header>
      <p className="whitespace-pre-line text-slate-800">{o.description}</p>
      <Facts
        rows={[
          ["Severity", OBSERVATION_SEVERITY_LABELS[o.severity]],
          ["Location", o.location],
          ["Responsible subcontractor", o.vendorName],
          ["Assignee", o.assigneeName],
          ["Due", o.dueDate ? <CalendarDate value={o.dueDate} /> : null],
          ["Recorded", <DateTime key="at" value={o.createdAt} />],
          ["Punch item", o.punchItemId ? <Link to={punchItemPath({ projectId: project.id, id: o.punchItemId })} className="text-brand-700 hover:underline">{punchNumber(o.punchNumber ?? 0)}</Link> : null],
          ["Corrective action", o.correctiveAction],
          ["Closed", o.closedAt ? <>{o.closedByName ?? "Someone"} · <DateTime value={o.closedAt} /></> : null],
        ]}
      />
      <PhotoPanel projectId={project.id} subject={{ kind: "observation", id: o.id }} photos={photos} canUpload={canUpload && open} redirectTo={`/projects/${project.id}/observations/${o.id}`} />
      <FormErrors errors={errors} />
      {canManage && open ? (
        <div className="grid gap-4 md:grid-cols-2">
          <PostForm className={`${touchForm} rounded-md border border-slate-200 bg-white p-4`}>
            <input type="hidden" name="version" value={o.version} />
            <label htmlFor="correctiveAction" className="block text-sm font-medium text-slate-700">
              Corrective action taken
            </label>
            <textarea id="correctiveAction" name="correctiveAction" rows={3} required minLength={2} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
            <button type="submit" name="intent" value="close" className={`${buttonClass.primary} w-full sm:w-auto`}>
              Close observation
            </button>
          </PostForm>
          {o.punchItemId ? null : (
            <PostForm className={`${touchForm} rounded-md border border-slate-200 bg-white p-4`}>
              <input type="hidden" name="version" value={o.version} />
              <p className="text-sm text-slate-600">Needs work by a subcontractor? Track it on the punch list, with this observation as its source.</p>
              <button type="submit" name="intent" value="convert" className={`${buttonClass.secondary} w-full sm:w-auto`}>
                Convert to punch item
              </button>
            </PostForm>
          )}
        </div>
      ) : null}
    </section>
  );
}
