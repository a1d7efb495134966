import { describe, expect, it } from "vitest";
import { queryRows } from "~/utils/db.server";
import { dec, moneyString } from "~/utils/money";
import { arAgingItems } from "./ar-aging.server";
import { recordArPayment } from "./ar-payments.server";
import { billingProject } from "./billing-test-fixtures";
import { openingBillingSchema } from "./opening-billing.schema";
import { findOpening, openingSheet, saveOpeningBilling } from "./opening-billing.server";
import { certifyPayApp, createPayApplication, submitPayApp, updatePayAppLine } from "./pay-app-workflow.server";
import { findPayApp, PayAppConflict, PayAppRefused, payAppLines, type PayApp } from "./pay-apps.server";
import { projectBillingSummary } from "./project-billing.server";

type Billed = Awaited<ReturnType<typeof billingProject>>;
/** Per line number: [this period, stored now]. */
type Period = Record<number, [string, string]>;

const g702 = (app: PayApp) => ({
  1: app.line1OriginalContractSum,
  2: app.line2NetChange,
  3: app.line3ContractSumToDate,
  4: app.line4CompletedAndStored,
  "5a": app.line5aRetainageCompleted,
  "5b": app.line5bRetainageStored,
  5: app.line5Retainage,
  6: app.line6EarnedLessRetainage,
  7: app.line7PreviousCertificates,
  8: app.line8CurrentPaymentDue,
  9: app.line9BalanceToFinish,
});

async function bill(p: Billed, number: number, period: Period): Promise<PayApp> {
  const day = `2026-0${number}-28`;
  let app = await p.run((tx) => createPayApplication(tx, p.projectId, { periodEnd: day, applicationDate: day, dueDate: day, createdBy: p.userId }));
  const lines = await p.run((tx) => payAppLines(tx, app.id));
  for (const [lineNumber, [thisPeriod, storedNow]] of Object.entries(period)) {
    const line = lines.find((l) => l.lineNumber === Number(lineNumber))!;
    app = await p.run((tx) => updatePayAppLine(tx, app.id, { lineId: line.id, version: app.version, thisPeriod, storedNow, correction: false }));
  }
  const submitted = await p.run((tx) => submitPayApp(tx, { payAppId: app.id, version: app.version, actorId: p.userId }));
  return p.run((tx) => certifyPayApp(tx, { payAppId: app.id, version: submitted.version, actorId: p.userId }));
}

async function receive(p: Billed, app: PayApp, amount: string) {
  const { version } = await p.run((tx) => findPayApp(tx, app.id));
  await p.run((tx) => recordArPayment(tx, app.id, { version, receivedOn: "2026-03-15", amount, method: "ach", reference: "", createdBy: p.userId }));
}

const perLine = (p: Billed, app: PayApp) => p.run((tx) => payAppLines(tx, app.id)).then((lines) => lines.map((l) => [l.previousCompleted, l.previousStored, l.thisPeriod, l.storedNow, l.retainage]));

type OpeningEntry = { number?: number; certificates: string; received: string; lines: [string, string, string][]; version?: number };

async function enterOpening(p: Billed, entry: OpeningEntry) {
  const sheet = await p.run((tx) => openingSheet(tx, p.projectId));
  const input = openingBillingSchema.parse({
    version: String(entry.version ?? sheet.opening?.version ?? 0),
    lastApplicationNumber: String(entry.number ?? 2),
    periodEnd: "2026-02-28",
    certificateDate: "2026-03-02",
    previousCertificates: entry.certificates,
    receivedToDate: entry.received,
    lines: sheet.lines.map((l, i) => ({ sovLineId: l.sovLineId, completed: entry.lines[i][0], stored: entry.lines[i][1], retainageHeld: entry.lines[i][2] })),
  });
  return p.run((tx) => saveOpeningBilling(tx, p.projectId, { ...input, userId: p.userId }));
}

// Odd cents on purpose: 10% of them rounds per line.
const PERIODS: Period[] = [
  { 1: ["12345.67", "0.00"], 2: ["0.00", "2000.05"] },
  { 1: ["10000.33", "0.00"], 2: ["3333.33", "500.15"] },
  { 1: ["7777.77", "0.00"], 2: ["1111.11", "0.00"] },
  { 1: ["5555.55", "1234.56"], 2: ["2222.25", "0.00"] },
];

describe("an opening position", () => {
  it("a job onboarded at its third application ties to the cent to the same job billed from the start", async () => {
    const start = await billingProject("opening-from-start");
    const fromStart: PayApp[] = [];
    for (const [i, period] of PERIODS.entries()) fromStart.push(await bill(start, i + 1, period));
    await receive(start, fromStart[0], fromStart[0].line8CurrentPaymentDue);
    await receive(start, fromStart[1], "5000.00");

    // the old applications 1–2, as their certificates read
    const second = fromStart[1];
    const oldLines = await start.run((tx) => payAppLines(tx, second.id));
    const onboarded = await billingProject("opening-onboarded");
    const opening = await enterOpening(onboarded, {
      certificates: second.line6EarnedLessRetainage,
      received: moneyString(dec(fromStart[0].line8CurrentPaymentDue).plus("5000.00")),
      lines: oldLines.map((l) => [moneyString(dec(l.previousCompleted).plus(l.thisPeriod)), l.storedNow, l.retainage]),
    });
    expect(opening).toMatchObject({ kind: "opening", number: 2, status: "certified", dueDate: "2026-03-02" });
    expect(g702(opening)).toMatchObject({ 4: second.line4CompletedAndStored, 5: second.line5Retainage, 6: second.line6EarnedLessRetainage, 8: second.line6EarnedLessRetainage });

    const later: PayApp[] = [];
    for (const [i, period] of PERIODS.slice(2).entries()) later.push(await bill(onboarded, i + 3, period));
    expect(later.map((a) => a.number)).toEqual([3, 4]);
    for (const [i, app] of later.entries()) {
      expect(g702(app)).toEqual(g702(fromStart[i + 2]));
      expect(await perLine(onboarded, app)).toEqual(await perLine(start, fromStart[i + 2]));
    }
    // line 7 = line 6 of application 2: 22,346.00 + 3,333.33 + 500.15 − (2,234.60 + 333.33 + 50.02)
    expect(g702(later[0])[7]).toBe("23561.53");
    const [a, b] = await Promise.all([start, onboarded].map((p) => p.run((tx) => projectBillingSummary(tx, p.projectId))));
    expect(b).toMatchObject({ billedToDate: a.billedToDate, received: a.received, retainageHeld: a.retainageHeld, arOutstanding: a.arOutstanding });
    // open: 10,650.39 − 5,000.00 on #2, then #3 7,549.86 and #4 8,111.12
    expect(b.arOutstanding).toBe("21311.37");
  });

  it("carries the retainage held exactly when the old certificates used another rate, and the outstanding ages from the certificate date", async () => {
    const p = await billingProject("opening-other-rate");
    // old certificates held 5% (contract: 10%): 30,000.00 → 1,500.00; 1,000.01 stored → 50.00
    const opening = await enterOpening(p, { certificates: "29450.01", received: "20000.00", lines: [["30000.00", "0.00", "1500.00"], ["0.00", "1000.01", "50.00"]] });
    expect(g702(opening)).toMatchObject({ 4: "31000.01", 5: "1550.00", 6: "29450.01", 7: "0.00", 8: "29450.01" });
    const lines = await p.run((tx) => payAppLines(tx, opening.id));
    expect(lines.map((l) => [l.retainageOnCompleted, l.retainageOnStored, l.retainageOpeningDifference])).toEqual([
      ["1500.00", "0.00", "-1500.00"],
      ["0.00", "50.00", "-50.00"], // a negative difference is taken from retainage on stored material once none is left on completed work
    ]);

    // nothing billed on line 2 and 10,000.00 more on line 1: line 5 = 1,550.00 + 10% × 10,000.00
    const next = await bill(p, 3, { 1: ["10000.00", "0.00"], 2: ["0.00", "1000.01"] });
    expect(g702(next)).toMatchObject({ 4: "41000.01", 5: "2550.00", 6: "38450.01", 7: "29450.01", 8: "9000.00" });
    expect((await p.run((tx) => payAppLines(tx, next.id))).map((l) => [l.previousCompleted, l.previousStored, l.retainage])).toEqual([
      ["30000.00", "0.00", "2500.00"],
      ["0.00", "1000.01", "50.00"],
    ]);

    const items = await p.run((tx) => arAgingItems(tx, { projectId: p.projectId }));
    expect(items.filter((i) => !i.isRetainage).map((i) => [i.label, i.dueDate, i.openAmount])).toEqual([
      ["Opening position (to application #2)", "2026-03-02", "9450.01"],
      ["Application #3", "2026-03-28", "9000.00"],
    ]);
    // a payment received later against the opening outstanding
    await receive(p, opening, "9450.01");
    expect(await p.run((tx) => findPayApp(tx, opening.id))).toMatchObject({ status: "paid" });
    expect((await p.run((tx) => projectBillingSummary(tx, p.projectId))).arOutstanding).toBe("9000.00");
  });

  it("refuses inconsistent figures, and any change once an application follows it", async () => {
    const p = await billingProject("opening-refusals");
    const lines: [string, string, string][] = [["30000.00", "0.00", "3000.00"], ["0.00", "0.00", "0.00"]];
    await expect(enterOpening(p, { certificates: "27000.01", received: "0.00", lines })).rejects.toThrow(
      "The previous certificates total 27,000.01 is more than completed and stored to date less retainage held (30,000.00 − 3,000.00 = 27,000.00)",
    );
    await expect(enterOpening(p, { certificates: "27000.00", received: "27000.01", lines })).rejects.toThrow("Received 27,000.01 is more than the previous certificates total 27,000.00.");
    await expect(enterOpening(p, { certificates: "0.00", received: "0.00", lines: [["60000.01", "0.00", "0.00"], ["0.00", "0.00", "0.00"]] })).rejects.toThrow(/would exceed its scheduled value 60,000.00/);
    await expect(enterOpening(p, { certificates: "0.00", received: "0.00", lines: [["100.00", "0.00", "100.01"], ["0.00", "0.00", "0.00"]] })).rejects.toThrow(
      'Line "Structure": retainage held 100.01 must be between 0.00 and its completed and stored work 100.00.',
    );
    expect(await p.run((tx) => findOpening(tx, p.projectId))).toBeNull();
    expect(() => openingBillingSchema.parse({ lastApplicationNumber: "0", periodEnd: "2026-02-28", certificateDate: "2026-02-01", previousCertificates: "1", receivedToDate: "1", lines: [] })).toThrow(
      /number 1 or more[\s\S]*cannot be before the period end/,
    );

    const first = await enterOpening(p, { certificates: "27000.00", received: "27000.00", lines });
    expect(first.status).toBe("paid");
    await expect(enterOpening(p, { certificates: "27000.00", received: "0.00", lines, version: 0 })).rejects.toThrow(PayAppConflict);
    // a correction while nothing follows it: the received payment is replaced, not added
    const edited = await enterOpening(p, { number: 3, certificates: "27000.00", received: "20000.00", lines });
    expect(edited).toMatchObject({ number: 3, status: "certified", version: first.version + 1 });
    expect((await p.run((tx) => projectBillingSummary(tx, p.projectId))).received).toBe("20000.00");

    await bill(p, 4, { 1: ["1000.00", "0.00"] });
    await expect(enterOpening(p, { certificates: "27000.00", received: "20000.00", lines })).rejects.toThrow(
      new PayAppRefused("Application #4 follows the opening position, so the opening position can no longer change."),
    );
    const frozen = await p.run((tx) => queryRows(tx, `update pay_applications set line8_current_payment_due = 1 where id = '${edited.id}'`)).then(
      () => "written",
      (error: Error & { cause?: Error }) => (error.cause ?? error).message,
    );
    expect(frozen).toBe("pay application #3 is certified and cannot be changed");
  });

  it("is refused on a project that already has applications in the app", async () => {
    const p = await billingProject("opening-too-late");
    await bill(p, 1, { 1: ["1000.00", "0.00"] });
    await expect(enterOpening(p, { certificates: "0.00", received: "0.00", lines: [["0.00", "0.00", "0.00"], ["0.00", "0.00", "0.00"]] })).rejects.toThrow(
      "This project already has application #1 in the app: an opening position comes before the first application.",
    );
  });
});
