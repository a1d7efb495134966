import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, Link, useActionData, useLoaderData } from "react-router";
import type { z } from "zod";
import { CalendarDate, DateTime, StatusBadge } from "~/components/data-table/cells";
import { FormErrors } from "~/components/forms";
import { PhotoPanel } from "~/domains/photos/photo-panel";
import { listPhotos } from "~/domains/photos/photos.server";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can, type PermissionKey } from "~/utils/permissions";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { useCan } from "~/utils/use-viewer";
import { startChangeOrderFromDelay } from "../daily-log-change-orders.server";
import { dailyLogPath } from "../daily-log-ui";
import { Addenda, CopyManpower, Panel, PotentialChanges, SubmitLog, WeatherFacts, WeatherForm } from "../daily-log-panels";
import { markLatePhotos } from "../daily-log-photos.server";
import { readDailyLog, rowChoices } from "../daily-log-read.server";
import { copyPreviousManpower, saveSection } from "../daily-log-rows.server";
import { SectionForm, SectionRows, type PostResult } from "../daily-log-section";
import { isSectionKey, SECTION_KEYS, SECTIONS, sectionSchema } from "../daily-log-sections";
import { addAddendum, DailyLogRefused, findDailyLog, saveWeather, submitDailyLog } from "../daily-logs.server";
import { addendumSchema, copyManpowerSchema, startChangeOrderSchema, submitSchema, weatherSchema } from "../daily-logs.schema";
import { weekday } from "../daily-log-ui";
import { threeWeekLookahead } from "~/domains/schedule/lookahead.server";
import { ThreeWeekLookahead } from "~/domains/schedule/three-week-lookahead";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Daily log ${data?.log.logDate ?? ""} · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const { log, sections, addenda } = await readDailyLog(tx, params.logId ?? "", project.id);
      const editable = log.status === "draft" && can(member.active.role, "daily_logs:write");
      return {
        project: { id: project.id, jobNumber: project.jobNumber, name: project.name },
        log,
        sections,
        addenda,
        editable,
        choices: editable ? await rowChoices(tx) : null,
        photos: markLatePhotos(await listPhotos(tx, { kind: "daily_log", id: log.id }), log.submittedAt),
        canUpload: can(member.active.role, "photos:upload"),
        lookahead: await threeWeekLookahead(tx, { projectIds: [project.id], from: log.logDate }),
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

const INTENT_KEYS: Record<string, PermissionKey> = { "start-change-order": "change_orders:manage" };

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const member = await requireMember(request, INTENT_KEYS[intent] ?? "daily_logs:write");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const logId = params.logId ?? "";
  const self = dailyLogPath(project.id, logId);
  const userId = member.user.id;

  async function perform<S extends z.ZodType>(schema: S, work: (tx: Tx, value: z.output<S>) => Promise<string | { location: string; message: string }>) {
    const submission = parseForm(form, schema);
    if (submission.status !== "success") return invalid(submission);
    try {
      const submitted = await withTenant(member.tenant, async (tx) => {
        await findDailyLog(tx, logId, project.id);
        return submitOnce(tx, request, form, async () => {
          const done = await work(tx, submission.value as z.output<S>);
          return typeof done === "string" ? { location: self, message: done } : done;
        });
      });
      return redirectSubmitted(submitted);
    } catch (error) {
      if (error instanceof DailyLogRefused) return invalid(submission, { formErrors: [error.message] }, error.status);
      if (error instanceof RecordNotFound) throw notFoundResponse(error);
      throw error;
    }
  }

  const section = intent.startsWith("save-") ? intent.slice(5) : null;
  if (section !== null && isSectionKey(section))
    return perform(sectionSchema(section), (tx, v) =>
      saveSection(tx, { logId, version: v.version, section, rows: v.rows as never }).then(() => `${SECTIONS[section].title} saved.`),
    );
  switch (intent) {
    case "save-weather":
      return perform(weatherSchema, (tx, v) => saveWeather(tx, logId, v).then(() => "Weather and notes saved."));
    case "copy-manpower":
      return perform(copyManpowerSchema, (tx, v) =>
        copyPreviousManpower(tx, { logId, ...v }).then((c) => `Copied ${c.rows} crew${c.rows === 1 ? "" : "s"} from the log of ${c.fromDate}. Check the hours and save.`),
      );
    case "submit":
      return perform(submitSchema, (tx, v) => submitDailyLog(tx, { logId, version: v.version, userId }).then(() => "Daily log submitted and locked."));
    case "add-addendum":
      return perform(addendumSchema, (tx, v) => addAddendum(tx, { logId, version: v.version, body: v.body, userId }).then(() => "Addendum added."));
    case "start-change-order":
      return perform(startChangeOrderSchema, (tx, v) =>
        startChangeOrderFromDelay(tx, { logId, delayId: v.delayId }).then((co) => ({
          location: `/change-orders/${co.id}`,
          message: `Change order #${co.number} started as a draft from the delay. Price it with lines next.`,
        })),
      );
    default:
      return data({ initialValue: { intent }, error: { "": ["Unknown action."] } }, { status: 400 });
  }
}

export default function DailyLogPage() {
  const { project, log, sections, addenda, editable, choices, photos, canUpload, lookahead } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as PostResult;
  const canWrite = useCan("daily_logs:write");
  const canStartChangeOrder = useCan("change_orders:manage");
  const postedIntent = String(result?.initialValue?.intent ?? "");
  const knownIntent = postedIntent.startsWith("save-") || ["copy-manpower", "submit", "add-addendum", "start-change-order"].includes(postedIntent);
  return (
    <article className="mx-auto max-w-3xl space-y-5">
      <header>
        <Link to={`/projects/${project.id}/daily-logs`} className="text-sm text-brand-700 hover:underline">
          ← Daily logs of {project.jobNumber} {project.name}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold">
          <span>
            {weekday(log.logDate)} <CalendarDate value={log.logDate} />
          </span>
          <StatusBadge value={log.status} />
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          Started by {log.createdByName}
          {log.submittedAt ? (
            <>
              {" · "}submitted by {log.submittedByName ?? "—"} on <DateTime value={log.submittedAt} />
            </>
          ) : null}
          {" · "}
          <a href={`${dailyLogPath(project.id, log.id)}/report.pdf`} className="font-medium text-brand-700 hover:underline">
            Daily report (PDF)
          </a>
        </p>
      </header>
      {!knownIntent ? <FormErrors errors={result?.error?.[""] ?? undefined} /> : null}

      <ThreeWeekLookahead items={lookahead.items} total={lookahead.total} from={lookahead.from} moreHref={`/projects/${project.id}/schedule`} />

      <Panel title="Weather and notes" help={editable ? "Typed in from the site: no weather service is called." : undefined}>
        {editable ? <WeatherForm log={log} result={result} /> : <WeatherFacts log={log} />}
      </Panel>
      {SECTION_KEYS.map((key) => (
        <Panel key={key} id={key} title={SECTIONS[key].title} help={editable ? SECTIONS[key].help : undefined}>
          {editable && key === "manpower" ? <CopyManpower version={log.version} hasManpower={sections.manpower.length > 0} result={result} /> : null}
          {editable ? <SectionForm section={key} rows={sections[key]} version={log.version} choices={choices} result={result} /> : <SectionRows section={key} rows={sections[key]} />}
          {key === "delays" ? <PotentialChanges delays={sections.delays} canStart={canStartChangeOrder} result={result} /> : null}
        </Panel>
      ))}
      <section className="rounded border border-slate-200 bg-white p-4" id="photos">
        <PhotoPanel projectId={project.id} subject={{ kind: "daily_log", id: log.id }} photos={photos} canUpload={canUpload} redirectTo={dailyLogPath(project.id, log.id)} />
      </section>
      {editable ? <SubmitLog version={log.version} result={result} /> : null}
      {log.status === "submitted" ? <Addenda addenda={addenda} version={log.version} canWrite={canWrite} result={result} /> : null}
    </article>
  );
}
