import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, Link, useActionData, useLoaderData } from "react-router";
import type { z } from "zod";
import { CalendarDate, DateTime } from "~/components/data-table/cells";
import { FormErrors, PostForm } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can, type PermissionKey } from "~/utils/permissions";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { getPunchItemDetail, punchFormChoices } from "../punch-detail.server";
import { PunchHistory, PunchTransitions } from "../punch-transitions";
import { Badge, buttonClass, Facts, PunchItemFields, touchForm } from "../punch-ui";
import { transitionPunchItem, updatePunchItem } from "../punch-workflow.server";
import { editPunchItemSchema, PUNCH_PRIORITY_LABELS, PUNCH_STATUS_LABELS, punchNumber, punchTransitionSchema, TRANSITION_KEYS } from "../punch.schema";
import { PunchConflict, PunchRefused } from "../punch.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `${punchNumber(data.item.number)} ${data.item.title}` : "Punch item"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const item = await getPunchItemDetail(tx, project.id, params.itemId ?? "");
      const editable = item.status !== "closed" && can(member.active.role, "punch:manage");
      return {
        project: { id: project.id, jobNumber: project.jobNumber, name: project.name },
        item: {
          ...item,
          createdAt: item.createdAt.toISOString(),
          updatedAt: item.updatedAt.toISOString(),
          closedAt: item.closedAt?.toISOString() ?? null,
          history: item.history.map((h) => ({ ...h, at: h.at.toISOString() })),
        },
        choices: editable ? await punchFormChoices(tx) : null,
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

const intentKey = (intent: string): PermissionKey => (intent in TRANSITION_KEYS ? TRANSITION_KEYS[intent as keyof typeof TRANSITION_KEYS] : "punch:manage");

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const member = await requireMember(request, intentKey(intent));
  const project = await requireProjectFor(member, params.projectId ?? "");
  const itemId = params.itemId ?? "";
  const self = `/projects/${project.id}/punch/${itemId}`;

  async function perform<S extends z.ZodType>(schema: S, work: (tx: Tx, value: z.output<S>) => Promise<string>) {
    const submission = parseForm(form, schema);
    if (submission.status !== "success") return invalid(submission);
    try {
      const submitted = await withTenant(member.tenant, async (tx) => {
        await getPunchItemDetail(tx, project.id, itemId); // another project's (or organization's) item: 404
        return submitOnce(tx, request, form, async () => ({ location: self, message: await work(tx, submission.value as z.output<S>) }));
      });
      return redirectSubmitted(submitted);
    } catch (error) {
      if (error instanceof PunchRefused) return invalid(submission, { fieldErrors: { [error.field]: [error.message] } });
      if (error instanceof PunchConflict) return invalid(submission, { formErrors: [error.message] }, 409);
      if (error instanceof RecordNotFound) throw notFoundResponse(error);
      throw error;
    }
  }

  switch (intent) {
    case "update":
      return perform(editPunchItemSchema, (tx, v) => updatePunchItem(tx, { ...v, itemId }).then((i) => `${punchNumber(i.number)} saved.`));
    case "submit":
    case "close":
    case "not_accept":
    case "reopen":
      return perform(punchTransitionSchema, (tx, v) => transitionPunchItem(tx, { ...v, itemId }).then((i) => `${punchNumber(i.number)}: ${DONE[v.intent]}`));
    default:
      return data({ error: { "": ["Unknown action."] }, initialValue: { intent } }, { status: 400 });
  }
}

const DONE = { submit: "marked ready for review.", close: "accepted and closed.", not_accept: "sent back as not accepted.", reopen: "reopened." } as const;

export default function PunchItemPage() {
  const { project, item, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const postedIntent = String(result?.initialValue?.intent ?? "");
  const transitionResult = result && postedIntent !== "update" ? { intent: postedIntent, errors: Object.values(result.error ?? {}).flatMap((e) => e ?? []) } : undefined;
  const [editForm, editFields] = useZodForm(editPunchItemSchema, {
    id: "edit",
    lastResult: postedIntent === "update" ? result : undefined,
    defaultValue: {
      title: item.title,
      description: item.description,
      location: item.location,
      drawingRef: item.drawingRef,
      vendorId: item.vendorId ?? "",
      trade: item.trade,
      assigneeUserId: item.assigneeUserId ?? "",
      dueDate: item.dueDate ?? "",
      priority: item.priority,
    },
  });
  return (
    <section className="max-w-3xl space-y-6">
      <header>
        <Link to={`/projects/${project.id}/punch`} className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline">
          ← Punch list of {project.jobNumber} {project.name}
        </Link>
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold">
          {punchNumber(item.number)} · {item.title}
          <Badge tone={item.status}>{PUNCH_STATUS_LABELS[item.status]}</Badge>
          {item.overdue ? <Badge tone="overdue">Overdue</Badge> : null}
        </h1>
      </header>
      <Facts
        rows={[
          ["Location", item.location],
          ["Responsible subcontractor", item.vendorName],
          ["Trade", item.trade],
          ["Assignee", item.assigneeName],
          ["Due", item.dueDate ? <CalendarDate value={item.dueDate} /> : null],
          ["Priority", PUNCH_PRIORITY_LABELS[item.priority]],
          ["Drawing", item.drawingRef],
          ["Times not accepted", item.notAcceptedCount ? String(item.notAcceptedCount) : null],
          ["Raised from", item.source ? item.source.href ? <Link to={item.source.href} className="text-brand-700 hover:underline">{item.source.label}</Link> : item.source.label : null],
          ["Closed", item.closedAt ? <>{item.closedByName ?? "Someone"} · <DateTime value={item.closedAt} /></> : null],
        ]}
      />
      {item.description ? <p className="whitespace-pre-line text-sm text-slate-700">{item.description}</p> : null}

      <PunchTransitions status={item.status} version={item.version} result={transitionResult} />

      <div className="space-y-3">
        <h2 className="text-lg font-semibold">History</h2>
        <PunchHistory rows={item.history} />
      </div>

      {choices ? (
        <details className="rounded-md border border-slate-200 bg-white p-4" open={postedIntent === "update"}>
          <summary className="flex min-h-11 cursor-pointer items-center font-medium">Edit details and assignment</summary>
          <PostForm {...getFormProps(editForm)} className={`${touchForm} mt-3`}>
            <FormErrors errors={editForm.errors} />
            <input type="hidden" name="version" value={item.version} />
            <PunchItemFields fields={editFields} choices={choices} />
            <button type="submit" name="intent" value="update" className={buttonClass.secondary}>
              Save changes
            </button>
          </PostForm>
        </details>
      ) : null}
    </section>
  );
}
