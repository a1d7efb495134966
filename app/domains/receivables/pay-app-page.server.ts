/**
 * What the pay application page shows, read in one tenant transaction: the stored application
 * (its G702 figures are stored at every save, so a certified one reads as certified), its
 * continuation sheet, payments received and what may be done next.
 */
import { getProject } from "~/domains/projects/projects.server";
import type { Tx } from "~/utils/db.server";
import { dec, moneyString } from "~/utils/money";
import { listArPayments, receivedOn } from "./ar-payments.server";
import { continuationLine, continuationTotals } from "./pay-app-page-view";
import { loadChangeOrderSummary } from "./g702-change-orders.server";
import { retainageTermsOf } from "./g702-vocabulary";
import { CLOSED_STATUSES, findPayApp, latestCertified, openApplication, payAppLines, summaryOf, type PayApp } from "./pay-apps.server";

const isClosed = (app: PayApp) => (CLOSED_STATUSES as readonly string[]).includes(app.status);

/**
 * Retainage can be released from the project's latest certified application, when it holds some
 * and no other application is in progress. Null when it can, else why not.
 */
export async function releaseBlocker(tx: Tx, app: PayApp): Promise<string | null> {
  if (!isClosed(app)) return "Retainage is released from a certified application.";
  const latest = await latestCertified(tx, app.projectId);
  if (latest && latest.id !== app.id) return `Retainage is released from the project’s latest certified application, #${latest.number}.`;
  if (!dec(app.line5Retainage).gt(0)) return "This application holds no retainage.";
  const open = await openApplication(tx, app.projectId);
  if (open) return `Application #${open.number} is still ${open.status}: certify it before releasing retainage.`;
  return null;
}

export async function loadPayAppPage(tx: Tx, payAppId: string) {
  const app = await findPayApp(tx, payAppId);
  const project = await getProject(tx, app.projectId);
  const closed = isClosed(app);
  const received = await receivedOn(tx, app.id);
  const stored = await payAppLines(tx, app.id);
  const lines = stored.map(continuationLine);
  return {
    app: {
      id: app.id,
      number: app.number,
      kind: app.kind,
      status: app.status,
      version: app.version,
      periodEnd: app.periodEnd,
      applicationDate: app.applicationDate,
      dueDate: app.dueDate,
      retainageRate: app.retainageRate,
      storedRetainageRate: app.storedRetainageRate,
      retainageCapRate: app.retainageCapRate,
      retainageBandBasis: app.retainageBandBasis,
      retainageBands: app.retainageBands,
      submittedAt: app.submittedAt?.toISOString() ?? null,
      certifiedAt: app.certifiedAt?.toISOString() ?? null,
    },
    project: { id: project.id, name: project.name, jobNumber: project.jobNumber },
    summary: summaryOf(app),
    changeOrders: await loadChangeOrderSummary(tx, app),
    retainageTerms: retainageTermsOf(app, stored),
    lines,
    totals: continuationTotals(lines),
    payments: closed
      ? [
          ...(dec(app.receivedBeforeOnboarding).gt(0)
            ? [{ id: "before-onboarding", receivedOn: app.applicationDate, amount: app.receivedBeforeOnboarding, method: "other" as const, reference: "Received before onboarding" }]
            : []),
          ...(await listArPayments(tx, app.id)).map((p) => ({ id: p.id, receivedOn: p.receivedOn, amount: p.amount, method: p.method, reference: p.reference })),
        ]
      : [],
    received,
    outstanding: closed ? moneyString(dec(app.line8CurrentPaymentDue).minus(received)) : null,
    releaseBlocker: await releaseBlocker(tx, app),
  };
}
