/**
 * Demo owner billing: for every project in progress whose schedule of values matches its contract,
 * monthly progress applications certified and paid (the latest in part), and on the first one a
 * retainage release waiting for certification. Billing follows each project's cost-to-cost
 * completion (WIP), a little ahead on some projects and a little behind on others, so the WIP
 * schedule shows realistic over- and under-billing. Built through the receivables services, so
 * every figure is what the app would compute. Runs only for an organization without applications.
 * The second project billed was onboarded part way: its applications 1–2 are an opening position
 * (ADR 0013) whose old certificates held a flat 10% (no cap), then application 3 is billed here.
 */
import { sql } from "drizzle-orm";
import { assertSovMatchesContract, SovMismatch } from "~/domains/contracts/contracts.server";
import { recordArPayment } from "~/domains/receivables/ar-payments.server";
import { certifyPayApp, createPayApplication, submitPayApp, updatePayAppLine } from "~/domains/receivables/pay-app-workflow.server";
import { openingSheet, saveOpeningBilling } from "~/domains/receivables/opening-billing.server";
import { payAppLines, type PayApp } from "~/domains/receivables/pay-apps.server";
import { createRetainageRelease } from "~/domains/receivables/retainage-release.server";
import type { Tx } from "~/utils/db.server";
import { wipSchedule } from "~/domains/wip/wip.server";
import type Decimal from "decimal.js";
import { dec, moneyString, roundMoney, sumMoney } from "~/utils/money";
import { queryRows } from "@db/query-rows";

/** Period end, share of the project's billing target reached, and the share of line 8 received. */
const PERIODS = [
  { periodEnd: "2026-07-31", applicationDate: "2026-08-01", dueDate: "2026-08-31", share: "0.4", paid: "1" },
  { periodEnd: "2026-08-31", applicationDate: "2026-09-01", dueDate: "2026-10-01", share: "0.75", paid: "1" },
  { periodEnd: "2026-09-30", applicationDate: "2026-10-01", dueDate: "2026-10-31", share: "1", paid: "0.6" },
];

/** Billing target, % of every line: the cost-to-cost completion, 4% ahead or behind, at most 100. */
function billingTargets(rows: { projectId: string; percentComplete: string }[]) {
  return new Map(
    rows.map((row, i) => {
      const percent = dec(row.percentComplete).times(100).times(i % 2 === 0 ? "1.04" : "0.96");
      return [row.projectId, percent.gt(100) ? dec(100) : percent] as const;
    }),
  );
}

async function billPeriod(tx: Tx, projectId: string, userId: string, target: Decimal, period: (typeof PERIODS)[number]) {
  const percent = target.times(period.share).toFixed(2);
  let app: PayApp = await createPayApplication(tx, projectId, { ...period, createdBy: userId });
  for (const line of await payAppLines(tx, app.id))
    app = await updatePayAppLine(tx, app.id, { lineId: line.id, version: app.version, percentToDate: percent, storedNow: "0.00", correction: false });
  app = await submitPayApp(tx, { payAppId: app.id, version: app.version, actorId: userId });
  app = await certifyPayApp(tx, { payAppId: app.id, version: app.version, actorId: userId });
  const amount = moneyString(dec(app.line8CurrentPaymentDue).times(period.paid));
  if (dec(amount).gt(0)) await recordArPayment(tx, app.id, { version: app.version, receivedOn: period.dueDate, amount, method: "ach", reference: `Owner payment ${app.number}`, createdBy: userId });
}

/** Applications 1–2 as an opening position: the old system's figures at PERIODS[1], 90% of them received. */
async function seedOpening(tx: Tx, projectId: string, userId: string, target: Decimal) {
  const sheet = await openingSheet(tx, projectId);
  const lines = sheet.lines.map((line) => {
    const completed = roundMoney(dec(line.scheduledValue).times(target).times(PERIODS[1].share).dividedBy(100));
    return { sovLineId: line.sovLineId, completed: completed.toFixed(2), stored: "0.00", retainageHeld: moneyString(completed.times("0.1")) };
  });
  const certificates = sumMoney(lines.map((l) => dec(l.completed).minus(l.retainageHeld)));
  await saveOpeningBilling(tx, projectId, {
    version: 0,
    lastApplicationNumber: 2,
    periodEnd: PERIODS[1].periodEnd,
    certificateDate: PERIODS[1].applicationDate,
    previousCertificates: moneyString(certificates),
    receivedToDate: moneyString(certificates.times("0.9")),
    lines,
    userId,
  });
}

export async function seedReceivables(tx: Tx, userId: string) {
  const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from pay_applications`);
  if (n > 0) return;
  const projects = await queryRows<{ id: string }>(tx, sql`select p.id from projects p join prime_contracts c on c.project_id = p.id order by p.job_number`);
  const targets = billingTargets((await wipSchedule(tx)).rows);
  let billed: string | null = null;
  let count = 0;
  for (const project of projects) {
    const target = targets.get(project.id);
    if (!target?.gt(0)) continue;
    try {
      await assertSovMatchesContract(tx, project.id);
    } catch (error) {
      if (error instanceof SovMismatch) continue;
      throw error;
    }
    if (++count === 2) {
      await seedOpening(tx, project.id, userId, target);
      await billPeriod(tx, project.id, userId, target, PERIODS[2]);
    } else for (const period of PERIODS) await billPeriod(tx, project.id, userId, target, period);
    billed ??= project.id;
  }
  if (billed) await createRetainageRelease(tx, billed, { applicationDate: "2026-11-01", dueDate: "2026-12-01", final: false, amount: "5000.00", createdBy: userId });
}
