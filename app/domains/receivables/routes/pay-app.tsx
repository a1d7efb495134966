import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import type { z } from "zod";
import { CalendarDate, DateTime, StatusBadge } from "~/components/data-table/cells";
import { requireMember } from "~/utils/auth.server";
import { todayIn } from "~/utils/org-format";
import { recordDataAccess } from "~/utils/data-access.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { rateToPercent } from "~/utils/money";
import { describeBands } from "~/domains/contracts/retainage-bands";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { useCan } from "~/utils/use-viewer";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { recordArPayment } from "../ar-payments.server";
import { intentPermission, lineFormSchema } from "../pay-app-forms";
import { PayAppLinks, PayAppTransitions } from "../pay-app-page-actions";
import { ContinuationGrid } from "../pay-app-page-grid";
import { ContinuationSheet, LineForm } from "../pay-app-page-lines";
import { PaymentsReceived, RecordPaymentReceivedForm } from "../pay-app-page-payments";
import { PayAppChangeOrders, PayAppSummary } from "../pay-app-page-summary";
import { loadPayAppPage } from "../pay-app-page.server";
import { payAppFailure } from "../pay-app-routes.server";
import { certifyPayApp, returnPayAppToDraft, submitPayApp, updatePayAppLine } from "../pay-app-workflow.server";
import { savePayAppLines } from "../pay-app-grid.server";
import { arPaymentSchema, payAppGridSchema, payAppTransitionSchema } from "../pay-apps.schema";
import { PAY_APP_KIND_LABELS, PAY_APP_STATUS_LABELS } from "../pay-apps.table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data ? `Pay application #${data.app.number} · ${data.project.jobNumber}` : "Pay application"} · SECG ERP` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "receivables:read");
  const editLineId = new URL(request.url).searchParams.get("line");
  try {
    const page = await withTenant(member.tenant, async (tx) => {
      const found = await loadPayAppPage(tx, params.payAppId ?? "");
      await recordDataAccess(tx, { view: "pay_app", format: "page", filters: { payAppId: found.app.id }, rowCount: found.lines.length });
      return found;
    });
    const editable = page.app.status === "draft" && page.app.kind === "progress";
    return { ...page, editable, editLine: editable ? (page.lines.find((l) => l.id === editLineId) ?? null) : null, today: todayIn(member.active.timeZone) };
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

const MOVED = { submit: "submitted to the owner", "return-to-draft": "returned to draft", certify: "certified; it can no longer change" } as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const member = await requireMember(request, intentPermission(intent));
  const payAppId = params.payAppId ?? "";
  const self = `/pay-apps/${payAppId}`;
  const actorId = member.user.id;

  async function perform<S extends z.ZodType>(schema: S, work: (tx: Tx, value: z.output<S>) => Promise<string>, options: { anchor?: string; fields?: string[] } = {}) {
    const submission = parseForm(form, schema);
    if (submission.status !== "success") return invalid(submission);
    try {
      // A payment posted twice is recorded once; a repeated transition is refused by its version anyway.
      const submitted = await withTenant(member.tenant, (tx) =>
        submitOnce(tx, request, form, async () => ({ location: `${self}${options.anchor ?? ""}`, message: await work(tx, submission.value as z.output<S>) })),
      );
      return redirectSubmitted(submitted);
    } catch (error) {
      return payAppFailure(submission, error, options.fields);
    }
  }

  const move = (fn: typeof submitPayApp, to: keyof typeof MOVED) =>
    perform(payAppTransitionSchema, (tx, v) => fn(tx, { payAppId, version: v.version, actorId }).then((app) => `Application #${app.number} ${MOVED[to]}.`));

  switch (intent) {
    case "update-line":
      return perform(lineFormSchema, (tx, v) => updatePayAppLine(tx, payAppId, v).then(() => "Line saved; the summary is updated."), { anchor: "#lines", fields: ["storedNow"] });
    case "save-lines":
      return perform(
        payAppGridSchema,
        (tx, v) => savePayAppLines(tx, payAppId, v).then(({ changed }) => `Continuation sheet saved: ${changed} ${changed === 1 ? "line" : "lines"} changed; the summary is updated.`),
        { anchor: "#lines" },
      );
    case "submit":
      return move(submitPayApp, "submit");
    case "return-to-draft":
      return move(returnPayAppToDraft, "return-to-draft");
    case "certify":
      return move(certifyPayApp, "certify");
    case "record-payment":
      return perform(
        arPaymentSchema,
        (tx, v) =>
          recordArPayment(tx, payAppId, { ...v, createdBy: actorId }).then(({ application }) =>
            application.status === "paid" ? `Payment recorded: application #${application.number} is paid in full.` : "Payment recorded.",
          ),
        { anchor: "#payments", fields: ["amount"] },
      );
    default:
      return data({ error: { "": ["Unknown action."] }, initialValue: { intent } }, { status: 400 });
  }
}

export default function PayAppPage() {
  const { app, project, summary, changeOrders, retainageTerms, lines, totals, payments, received, outstanding, releaseBlocker, editable, editLine, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const canManage = useCan("receivables:manage");
  const canCertify = useCan("receivables:certify");
  const postedIntent = String(actionData?.initialValue?.intent ?? "");
  const resultFor = (intent: string) => (actionData && postedIntent === intent ? actionData : undefined);
  const paymentFormShown = app.status === "certified" && canCertify && outstanding !== null;
  // Errors of buttons (transitions) and of forms no longer on the page show at the top.
  const formShown: Record<string, boolean> = { "update-line": editable && canManage && editLine !== null, "save-lines": editable && canManage, "record-payment": paymentFormShown };
  const topErrors = actionData && !formShown[postedIntent] ? (actionData.error?.[""] ?? Object.values(actionData.error ?? {}).flatMap((e) => e ?? [])) : undefined;
  const self = `/pay-apps/${app.id}`;
  const release = app.kind === "retainage_release";
  const opening = app.kind === "opening";
  return (
    <section className="space-y-8">
      <header>
        <Link to={`/projects/${project.id}/pay-apps`} className="text-sm text-brand-700 hover:underline">
          ← Pay applications of {project.jobNumber} {project.name}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold">
          {opening ? `${PAY_APP_KIND_LABELS.opening} · to application #${app.number}` : `Application #${app.number}`} {release ? `· ${PAY_APP_KIND_LABELS.retainage_release}` : ""}{" "}
          <StatusBadge value={PAY_APP_STATUS_LABELS[app.status]} />
        </h1>
        <p className="mt-1 text-sm text-slate-600" data-testid="pay-app-facts">
          Period to <CalendarDate value={app.periodEnd} /> · application date <CalendarDate value={app.applicationDate} /> · due <CalendarDate value={app.dueDate} /> · retainage {rateToPercent(app.retainageRate)}%
          {app.storedRetainageRate !== null ? `, ${rateToPercent(app.storedRetainageRate)}% on stored materials` : ""}
          {app.retainageCapRate ? ` (capped at ${rateToPercent(app.retainageCapRate)}% of the contract sum to date)` : ""}
          {app.retainageBandBasis ? ` (bands: ${describeBands(app.retainageRate, { basis: app.retainageBandBasis, bands: app.retainageBands })})` : ""} · version{" "}
          {app.version}
          {app.submittedAt ? <> · submitted <DateTime value={app.submittedAt} /></> : ""}
          {app.certifiedAt ? <> · certified <DateTime value={app.certifiedAt} /></> : ""}
        </p>
        {opening ? (
          <p className="mt-2 text-sm text-slate-600" data-testid="opening-note">
            Opening position entered at onboarding: the billing of applications #1–#{app.number}, certified before the app was used. Line 8 is the previous
            certificates total; what is still open ages from the certificate date.{" "}
            <Link to={`/projects/${project.id}/opening-billing`} className="text-brand-700 hover:underline">
              Opening position form
            </Link>
          </p>
        ) : app.status === "certified" || app.status === "paid" ? (
          <p className="mt-2 text-sm text-slate-600">Certified applications are read-only. Corrections go on the next application, as a correction entry.</p>
        ) : null}
      </header>

      <PayAppTransitions status={app.status} version={app.version} errors={topErrors} />
      <PayAppLinks payAppId={app.id} releaseBlocker={releaseBlocker} />
      <PayAppSummary summary={summary} terms={retainageTerms} />
      <PayAppChangeOrders block={changeOrders} />

      <div id="lines" className="space-y-4">
        <h2 className="text-lg font-semibold">Continuation sheet</h2>
        {editable && canManage ? (
          <ContinuationGrid key={app.version} lines={lines} totals={totals} version={app.version} editHref={(id) => `${self}?line=${id}#line-form`} lastResult={resultFor("save-lines")} />
        ) : (
          <ContinuationSheet lines={lines} totals={totals} showReleased={release} />
        )}
        {editable && canManage && editLine ? (
          <LineForm key={editLine.id} line={editLine} version={app.version} cancelHref={`${self}#lines`} lastResult={resultFor("update-line")} />
        ) : null}
      </div>

      {outstanding !== null ? (
        <div id="payments" className="space-y-4">
          <h2 className="text-lg font-semibold">Payments received</h2>
          <PaymentsReceived payments={payments} received={received} outstanding={outstanding} />
          {paymentFormShown ? <RecordPaymentReceivedForm version={app.version} outstanding={outstanding} today={today} lastResult={resultFor("record-payment")} /> : null}
        </div>
      ) : null}
    </section>
  );
}
