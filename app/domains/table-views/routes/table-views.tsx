import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, useActionData, useLoaderData } from "react-router";
import type { z } from "zod";
import { PostForm } from "~/components/forms";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { dateFromParam, dateToParam, filterParam, type TableDefinition } from "~/utils/data-table";
import { can } from "~/utils/permissions";
import { parseColumnKeys } from "~/utils/table-columns";
import { listMembers } from "../../organizations/members.server";
import { registeredTable } from "../registry.server";
import { describeSchedule, WEEKDAY_NAMES } from "../schedule-period";
import { recentRuns, removeSchedule, schedulesOf, setSchedule } from "../schedules.server";
import { createView, deleteView, updateView, viewHref, ViewRefused, viewsOf } from "../table-views.server";
import { createViewSchema, deleteViewSchema, scheduleSchema, unscheduleSchema, updateViewSchema } from "../table-views.schema";

export const meta: MetaFunction = () => [{ title: "Saved views · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "organization:read");
  const userId = member.user.id;
  return withTenant(member.tenant, async (tx) => {
    const readable = (await viewsOf(tx, userId)).filter((v) => {
      const table = registeredTable(v.tableId);
      return table !== null && can(member.active.role, table.permission);
    });
    const schedules = await schedulesOf(tx, readable.filter((v) => v.ownerUserId === userId).map((v) => v.id));
    const views = await Promise.all(
      readable.map(async (v) => {
        const schedule = schedules.get(v.id) ?? null;
        return {
          ...v,
          href: viewHref(v),
          own: v.ownerUserId === userId,
          schedulable: Boolean(registeredTable(v.tableId)?.exportView),
          schedule: schedule && { frequency: schedule.frequency, day: schedule.day, time: schedule.time, recipients: schedule.recipientUserIds, label: describeSchedule(schedule) },
          runs: schedule ? await recentRuns(tx, schedule.id) : [],
        };
      }),
    );
    const members = (await listMembers(tx)).map((m) => ({ userId: m.userId, name: m.name, email: m.email }));
    return { views, members, timeZone: member.active.timeZone };
  });
}

const schemas = { create: createViewSchema, update: updateViewSchema, delete: deleteViewSchema, schedule: scheduleSchema, unschedule: unscheduleSchema };
type Intent = keyof typeof schemas;
const refused = (message: string, status = 400) => data({ error: message }, { status });

/** A view's saved query: the page's own parameters without a cursor; a `cols` naming an unknown column is refused. */
function cleanSearch(tableId: string, search: string): string | ViewRefused {
  const params = new URLSearchParams(search.replace(/^\?/, ""));
  params.delete("after");
  const cols = params.get("cols");
  const table = registeredTable(tableId)!;
  if (cols !== null) {
    const parsed = parseColumnKeys(table.definition, cols);
    if (!parsed.ok) return new ViewRefused(parsed.message);
  }
  return params.toString().replace(/%2C/gi, ",");
}

async function perform(tx: Tx, userId: string, value: z.output<(typeof schemas)[Intent]>): Promise<{ location: string; message: string }> {
  switch (value.intent) {
    case "create": {
      const search = cleanSearch(value.tableId, value.search);
      if (search instanceof ViewRefused) throw search;
      const input = { tableId: value.tableId, path: value.path, name: value.name, search, shared: value.shared };
      await createView(tx, userId, input);
      return { location: viewHref(input), message: `View "${value.name}" saved${value.shared ? " and shared with the organization" : ""}.` };
    }
    case "update":
      await updateView(tx, userId, value.viewId, { name: value.name, shared: value.shared });
      return { location: "/table-views", message: `View "${value.name}" saved.` };
    case "delete":
      await deleteView(tx, userId, value.viewId);
      return { location: "/table-views", message: "View deleted." };
    case "schedule":
      await setSchedule(tx, userId, value.viewId, value);
      return { location: "/table-views", message: "Schedule saved." };
    default:
      await removeSchedule(tx, userId, value.viewId);
      return { location: "/table-views", message: "Schedule removed." };
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (!(intent in schemas)) return refused("Unknown action.");
  let member = await requireMember(request, "organization:read");
  if (intent === "create") {
    const table = registeredTable(String(form.get("tableId") ?? ""));
    if (!table) return refused("Views cannot be saved for this table.");
    member = await requireMember(request, table.permission);
    if (!table.path.test(String(form.get("path") ?? ""))) return refused("A view must be saved from its table's page.");
    const unknown = unknownViewParams(table.definition, String(form.get("search") ?? ""));
    if (unknown) return refused(unknown);
  }
  const submission = parseForm(form, schemas[intent as Intent]);
  if (submission.status !== "success") {
    const messages = Object.values(submission.error ?? {}).flat().filter(Boolean);
    return refused(messages.join(" ") || "Check the form.");
  }
  try {
    const done = await withTenant(member.tenant, (tx) => perform(tx, member.user.id, submission.value));
    return redirectWithFlash(done.location, { kind: "success", message: done.message });
  } catch (error) {
    if (error instanceof ViewRefused) return refused(error.message, 409);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

/**
 * Why a view's query string holds more than a table's state (sort, size, columns, its filters; a
 * page cursor is dropped when saved), or null. The columns themselves are checked when saving.
 */
function unknownViewParams(definition: TableDefinition, search: string): string | null {
  const names = new Set(["sort", "dir", "size", "cols", "after"]);
  for (const column of definition.columns) {
    if (!column.filter) continue;
    names.add(filterParam(column.key));
    names.add(dateFromParam(column.key));
    names.add(dateToParam(column.key));
  }
  const params = new URLSearchParams(search.startsWith("?") ? search.slice(1) : search);
  const stray = [...params.keys()].some((name) => !names.has(name));
  return stray ? "A view keeps its table's sort, filters and columns, nothing else." : null;
}

const input = "rounded border border-slate-300 px-2 py-1 text-sm";
const button = "rounded bg-brand-700 px-3 py-1 text-sm font-medium text-white hover:bg-brand-900";

export default function TableViews() {
  const { views, members, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as { error?: string } | undefined;
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold">Saved views</h1>
      {result?.error ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {result.error}
        </p>
      ) : null}
      {views.length === 0 ? <p className="text-slate-600">No saved views yet: save one from a table's Views menu.</p> : null}
      <ul className="space-y-4">
        {views.map((view) => (
          <li key={view.id} className="space-y-3 rounded border border-slate-200 bg-white p-4" data-testid="saved-view">
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <a href={view.href} className="text-lg font-medium text-brand-700 hover:underline">
                {view.name}
              </a>
              <span className="text-sm text-slate-500">
                {view.tableId} · {view.own ? (view.shared ? "shared with the organization" : "private") : `shared by ${view.ownerName}`}
              </span>
            </div>
            {view.own ? (
              <>
                <div className="flex flex-wrap items-end gap-3">
                  <PostForm className="flex flex-wrap items-end gap-2" aria-label={`Rename ${view.name}`}>
                    <input type="hidden" name="intent" value="update" />
                    <input type="hidden" name="viewId" value={view.id} />
                    <label className="text-xs font-medium text-slate-600">
                      Name
                      <input name="name" defaultValue={view.name} required maxLength={80} className={`mt-1 block ${input}`} />
                    </label>
                    <label className="flex items-center gap-1 text-sm">
                      <input type="checkbox" name="shared" defaultChecked={view.shared} /> Shared
                    </label>
                    <button type="submit" className={button}>
                      Save
                    </button>
                  </PostForm>
                  <PostForm aria-label={`Delete ${view.name}`}>
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="viewId" value={view.id} />
                    <button type="submit" className="rounded border border-red-300 px-3 py-1 text-sm text-red-700 hover:bg-red-50">
                      Delete
                    </button>
                  </PostForm>
                </div>
                {view.schedulable ? <ScheduleForm view={view} members={members} timeZone={timeZone} /> : null}
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

type ViewRow = ReturnType<typeof useLoaderData<typeof loader>>["views"][number];

function ScheduleForm({ view, members, timeZone }: { view: ViewRow; members: { userId: string; name: string; email: string }[]; timeZone: string }) {
  const s = view.schedule;
  return (
    <details className="rounded border border-slate-100 bg-slate-50 p-3" open={Boolean(s)}>
      <summary className="cursor-pointer text-sm font-medium">{s ? `Mailed: ${s.label} (${timeZone})` : "Mail this view's Excel export on a schedule"}</summary>
      <PostForm className="mt-3 space-y-3" aria-label={`Schedule ${view.name}`}>
        <input type="hidden" name="intent" value="schedule" />
        <input type="hidden" name="viewId" value={view.id} />
        <div className="flex flex-wrap items-end gap-3">
          <label className="text-xs font-medium text-slate-600">
            Every
            <select name="frequency" defaultValue={s?.frequency ?? "weekly"} className={`mt-1 block ${input}`}>
              <option value="weekly">Week</option>
              <option value="monthly">Month</option>
            </select>
          </label>
          <label className="text-xs font-medium text-slate-600">
            Day (weekday 1 = {WEEKDAY_NAMES[0]} … 7; or day of month 1–28)
            <input name="day" type="number" inputMode="numeric" min={1} max={28} required defaultValue={s?.day ?? 1} className={`mt-1 block w-24 ${input}`} />
          </label>
          <label className="text-xs font-medium text-slate-600">
            Time ({timeZone})
            <input name="time" type="time" required defaultValue={s?.time ?? "07:00"} className={`mt-1 block ${input}`} />
          </label>
        </div>
        <fieldset>
          <legend className="text-xs font-medium text-slate-600">Recipients (each gets the export as they may see it when it is sent)</legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {members.map((m) => (
              <label key={m.userId} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="recipients" value={m.userId} defaultChecked={s?.recipients.includes(m.userId)} /> {m.name}{" "}
                <span className="text-slate-500">{m.email}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className={button}>
          Save schedule
        </button>
      </PostForm>
      {s ? (
        <PostForm className="mt-2" aria-label={`Stop mailing ${view.name}`}>
          <input type="hidden" name="intent" value="unschedule" />
          <input type="hidden" name="viewId" value={view.id} />
          <button type="submit" className="text-sm text-red-700 hover:underline">
            Stop mailing it
          </button>
        </PostForm>
      ) : null}
      {view.runs.length ? (
        <table className="mt-3 w-full text-sm" data-testid="schedule-runs">
          <caption className="text-left text-xs font-medium text-slate-600">Latest sends</caption>
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th scope="col">Period</th>
              <th scope="col">Recipient</th>
              <th scope="col">Result</th>
            </tr>
          </thead>
          <tbody>
            {view.runs.map((r) => (
              <tr key={r.id}>
                <td className="whitespace-nowrap pr-3">{r.period}</td>
                <td className="pr-3">{r.recipient}</td>
                <td>{r.status === "sent" ? `Sent (${r.rowCount ?? 0} rows)` : `Not sent: ${r.reason}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}
