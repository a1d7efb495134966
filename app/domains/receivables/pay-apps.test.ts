import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { projects, sovLines } from "@db/schema";
import { contractSchema } from "~/domains/contracts/contracts.schema";
import { findContract, saveContract } from "~/domains/contracts/contracts.server";
import { addSovLine, deleteSovLine, updateSovLine } from "~/domains/contracts/sov.server";
import { queryRows, withTenant, type Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { recordArPayment } from "./ar-payments.server";
import { certifyPayApp, createPayApplication, returnPayAppToDraft, submitPayApp, updatePayAppLine } from "./pay-app-workflow.server";
import { findPayApp, PayAppConflict, PayAppRefused, payAppLines, type PayApp } from "./pay-apps.server";
import { createRetainageRelease } from "./retainage-release.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
beforeAll(() => {
  owner = ownerConnection();
});
afterAll(() => owner.end());

/** An organization with a project whose $100,000.00 contract (10% retainage) has two SOV lines. */
async function contractProject(label: string) {
  const account = await newAccount(label);
  const ctx = { organizationId: account.organizationId, userId: account.userId };
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(ctx, fn);
  const projectId = await run(async (tx) => {
    const [project] = await tx.insert(projects).values({ organizationId: account.organizationId, jobNumber: "2501", name: "Library" }).returning();
    await saveContract(tx, project.id, contractSchema.parse({ intent: "save-contract", ownerName: "County", originalSum: "100,000.00", retainagePercent: "10" }));
    await addSovLine(tx, project.id, { version: 1, description: "Structure", scheduledValue: "60000.00" });
    await addSovLine(tx, project.id, { version: 2, description: "Finishes", scheduledValue: "40000.00" });
    return project.id;
  });
  return { ...account, ctx, run, projectId };
}
type Project = Awaited<ReturnType<typeof contractProject>>;

const dates = { periodEnd: "2026-01-31", applicationDate: "2026-02-01", dueDate: "2026-03-02" };
const create = (p: Project) => p.run((tx) => createPayApplication(tx, p.projectId, { ...dates, createdBy: p.userId }));
const linesOf = (p: Project, app: PayApp) => p.run((tx) => payAppLines(tx, app.id));
const reload = (p: Project, app: PayApp) => p.run((tx) => findPayApp(tx, app.id));

async function enter(p: Project, app: PayApp, lineNumber: number, entry: { thisPeriod?: string; percentToDate?: string; storedNow?: string; correction?: boolean }) {
  const line = (await linesOf(p, app)).find((l) => l.lineNumber === lineNumber)!;
  const current = await reload(p, app);
  return p.run((tx) => updatePayAppLine(tx, app.id, { lineId: line.id, version: current.version, storedNow: entry.storedNow ?? line.storedNow, correction: entry.correction ?? false, thisPeriod: entry.thisPeriod, percentToDate: entry.percentToDate }));
}

async function submitAndCertify(p: Project, app: PayApp) {
  const submitted = await p.run((tx) => submitPayApp(tx, { payAppId: app.id, version: (app.version), actorId: p.userId }));
  return p.run((tx) => certifyPayApp(tx, { payAppId: app.id, version: submitted.version, actorId: p.userId }));
}

const g702 = (app: PayApp) => [
  app.line1OriginalContractSum,
  app.line2NetChange,
  app.line3ContractSumToDate,
  app.line4CompletedAndStored,
  app.line5Retainage,
  app.line6EarnedLessRetainage,
  app.line7PreviousCertificates,
  app.line8CurrentPaymentDue,
  app.line9BalanceToFinish,
];

describe("pay applications", () => {
  let p: Project;
  let first: PayApp;
  let second: PayApp;
  beforeAll(async () => {
    p = await contractProject("pay-apps");
  });

  it("start from the schedule of values; progress and stored materials give the G702 lines", async () => {
    first = await create(p);
    expect(first).toMatchObject({ number: 1, status: "draft", kind: "progress", retainageRate: "0.100000" });
    expect((await linesOf(p, first)).map((l) => [l.lineNumber, l.description, l.scheduledValue])).toEqual([
      [1, "Structure", "60000.00"],
      [2, "Finishes", "40000.00"],
    ]);
    await enter(p, first, 1, { thisPeriod: "30000.00" });
    first = await enter(p, first, 2, { thisPeriod: "0", storedNow: "5000.00" });
    expect(g702(first)).toEqual(["100000.00", "0.00", "100000.00", "35000.00", "3500.00", "31500.00", "0.00", "31500.00", "68500.00"]);
  });

  it("refuse a line past 100% and a second open application, writing nothing", async () => {
    await expect(enter(p, first, 1, { thisPeriod: "60000.01" })).rejects.toThrow(/would exceed its scheduled value 60,000.00/);
    expect((await linesOf(p, first))[0].thisPeriod).toBe("30000.00");
    await expect(create(p)).rejects.toThrow("Application #1 is still draft");
  });

  it("of two users submitting the same application at once, exactly one wins", async () => {
    const current = await reload(p, first);
    const results = await Promise.allSettled([0, 1].map(() => p.run((tx) => submitPayApp(tx, { payAppId: first.id, version: current.version, actorId: p.userId }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [failure] = results.filter((r) => r.status === "rejected");
    expect((failure as PromiseRejectedResult).reason).toBeInstanceOf(PayAppConflict);
    first = await reload(p, first);
    expect(first.status).toBe("submitted");
    first = await p.run((tx) => returnPayAppToDraft(tx, { payAppId: first.id, version: first.version, actorId: p.userId }));
    first = await submitAndCertify(p, first);
    expect(first.status).toBe("certified");
  });

  it("a certified application is immutable: the service and the database refuse changes", async () => {
    await expect(enter(p, first, 1, { thisPeriod: "1.00" })).rejects.toThrow(PayAppRefused);
    const line = (await linesOf(p, first))[0];
    const refusal = (statement: string) =>
      p.run((tx) => queryRows(tx, statement)).then(
        () => "written",
        (error: Error & { cause?: Error }) => (error.cause ?? error).message,
      );
    expect(await refusal(`update pay_application_lines set this_period = 1 where id = '${line.id}'`)).toBe("pay application #1 is certified and cannot be changed");
    expect(await refusal(`update pay_applications set line8_current_payment_due = 1 where id = '${first.id}'`)).toBe("pay application #1 is certified and cannot be changed");
    expect(g702(await reload(p, first))[7]).toBe("31500.00");
    const contract = await p.run((tx) => findContract(tx, p.projectId));
    await expect(p.run((tx) => deleteSovLine(tx, p.projectId, { version: contract!.version, lineId: line.sovLineId }))).rejects.toThrow("Line 1 is on a pay application");
  });

  it("the next application carries D (not stored material) and takes line 7 from the last certificate", async () => {
    second = await create(p);
    const lines = await linesOf(p, second);
    expect(lines.map((l) => [l.previousCompleted, l.previousStored, l.storedNow])).toEqual([
      ["30000.00", "0.00", "0.00"],
      ["0.00", "5000.00", "5000.00"],
    ]);
    await enter(p, second, 1, { percentToDate: "75" }); // E = 45,000 − 30,000
    second = await enter(p, second, 2, { thisPeriod: "5000.00", storedNow: "0" }); // the stored material is installed
    expect((await linesOf(p, second)).map((l) => l.thisPeriod)).toEqual(["15000.00", "5000.00"]);
    expect(g702(second)).toEqual(["100000.00", "0.00", "100000.00", "50000.00", "5000.00", "45000.00", "31500.00", "13500.00", "55000.00"]);
    await expect(enter(p, second, 1, { thisPeriod: "-1.00" })).rejects.toThrow(/explicit correction/);
    second = await submitAndCertify(p, second);
  });

  it("payments received: partial, then paid in full; more than is open is refused", async () => {
    const partial = await p.run((tx) => recordArPayment(tx, second.id, { version: second.version, receivedOn: "2026-03-01", amount: "10000.00", method: "check", reference: "1001", createdBy: p.userId }));
    expect(partial.application.status).toBe("certified");
    await expect(
      p.run((tx) => recordArPayment(tx, second.id, { version: partial.application.version, receivedOn: "2026-03-05", amount: "3500.01", method: "ach", reference: "", createdBy: p.userId })),
    ).rejects.toThrow("more than the 3500.00 still open");
    const rest = await p.run((tx) => recordArPayment(tx, second.id, { version: partial.application.version, receivedOn: "2026-03-05", amount: "3500.00", method: "ach", reference: "", createdBy: p.userId }));
    expect(rest.application.status).toBe("paid");
  });

  it("a retainage release is its own application: line 5 drops and line 8 is the release", async () => {
    await expect(p.run((tx) => createRetainageRelease(tx, p.projectId, { ...dates, final: false, amount: "5000.01", createdBy: p.userId }))).rejects.toThrow(PayAppRefused);
    const release = await p.run((tx) => createRetainageRelease(tx, p.projectId, { ...dates, final: false, amount: "1000.00", createdBy: p.userId }));
    expect(release.kind).toBe("retainage_release");
    expect(g702(release)).toEqual(["100000.00", "0.00", "100000.00", "50000.00", "4000.00", "46000.00", "45000.00", "1000.00", "54000.00"]);
    // in proportion to what each line holds: 4,500.00 and 500.00
    expect((await linesOf(p, release)).map((l) => l.released)).toEqual(["900.00", "100.00"]);
    const certified = await submitAndCertify(p, release);
    const third = await create(p);
    expect((await linesOf(p, third)).map((l) => l.retainageReleasedBefore)).toEqual(["900.00", "100.00"]);
    expect(third.line5Retainage).toBe("4000.00"); // the released retainage is not withheld again
    expect(third.line7PreviousCertificates).toBe(certified.line6EarnedLessRetainage);
  });

  it("a contract that holds stored materials at its own rate: 10% on completed work, 5% on stored materials, on lines 5a and 5b", async () => {
    const s = await contractProject("pay-apps-stored-rate");
    await s.run(async (tx) => {
      const contract = (await findContract(tx, s.projectId))!;
      const input = { intent: "save-contract", ownerName: "County", originalSum: "100,000.00", retainagePercent: "10", storedRetainagePercent: "5", version: String(contract.version) };
      await saveContract(tx, s.projectId, contractSchema.parse(input));
    });
    let app = await create(s);
    expect(app).toMatchObject({ retainageRate: "0.100000", storedRetainageRate: "0.050000" });
    expect((await linesOf(s, app)).map((l) => [l.retainageRate, l.storedRetainageRate])).toEqual([
      ["0.100000", "0.050000"],
      ["0.100000", "0.050000"],
    ]);
    await enter(s, app, 1, { thisPeriod: "12345.67" });
    app = await enter(s, app, 2, { thisPeriod: "0", storedNow: "3333.33" });
    // 5a = 10% of 12,345.67 = 1,234.567 → 1,234.57; 5b = 5% of 3,333.33 = 166.6665 → 166.67 (half up, per line)
    expect([app.line4CompletedAndStored, app.line5aRetainageCompleted, app.line5bRetainageStored, app.line5Retainage, app.line8CurrentPaymentDue]).toEqual([
      "15679.00",
      "1234.57",
      "166.67",
      "1401.24",
      "14277.76",
    ]);
  });

  it("copies a SOV line's own rate onto the application; amount bands hold marginally on the other lines; a release is entered per line", async () => {
    const s = await contractProject("pay-apps-bands");
    await s.run(async (tx) => {
      const contract = (await findContract(tx, s.projectId))!;
      const input = {
        intent: "save-contract",
        ownerName: "County",
        originalSum: "100,000.00",
        retainagePercent: "10",
        retainageBandBasis: "amount_billed",
        retainageBands: [{ from: "50,000.00", ratePercent: "5" }],
        version: String(contract.version),
      };
      const saved = await saveContract(tx, s.projectId, contractSchema.parse(input));
      const [, finishes] = await tx.select().from(sovLines).where(eq(sovLines.contractId, saved.id)).orderBy(sovLines.lineNumber);
      await updateSovLine(tx, s.projectId, { version: saved.version, lineId: finishes.id, description: "Finishes", scheduledValue: "40000.00", retainagePercent: "0.050000" });
    });
    let app = await create(s);
    expect(app).toMatchObject({ retainageBandBasis: "amount_billed", retainageBands: [{ from: "50000.00", rate: "0.050000" }] });
    expect((await linesOf(s, app)).map((l) => [l.retainageRate, l.storedRetainageRate])).toEqual([
      ["0.100000", "0.100000"],
      ["0.050000", "0.050000"],
    ]);
    await enter(s, app, 1, { thisPeriod: "60000.00" });
    app = await enter(s, app, 2, { thisPeriod: "20000.00" });
    // line 1: 10% of the first 50,000.00 + 5% of 10,000.00 = 5,500.00; line 2 at its own 5%: 1,000.00
    expect((await linesOf(s, app)).map((l) => l.retainage)).toEqual(["5500.00", "1000.00"]);
    expect([app.line4CompletedAndStored, app.line5Retainage, app.line8CurrentPaymentDue]).toEqual(["80000.00", "6500.00", "73500.00"]);
    await submitAndCertify(s, app);

    const [structure, finishes] = await linesOf(s, app);
    const release = (lines: { lineId: string; amount: string }[]) => s.run((tx) => createRetainageRelease(tx, s.projectId, { ...dates, final: false, lines, createdBy: s.userId }));
    await expect(release([{ lineId: finishes.id, amount: "1000.01" }])).rejects.toThrow('Line "Finishes": the release of 1,000.01 is more than the 1,000.00 of retainage it holds.');
    const released = await release([
      { lineId: structure.id, amount: "500.00" },
      { lineId: finishes.id, amount: "1000.00" },
    ]);
    expect((await linesOf(s, released)).map((l) => [l.released, l.retainage])).toEqual([
      ["500.00", "5000.00"],
      ["1000.00", "0.00"],
    ]);
    expect([released.line5Retainage, released.line8CurrentPaymentDue]).toEqual(["5000.00", "1500.00"]);
  });

  it("another organization cannot see an application", async () => {
    const stranger = await newAccount("pay-apps-stranger");
    await expect(withTenant({ organizationId: stranger.organizationId, userId: stranger.userId }, (tx) => findPayApp(tx, first.id))).rejects.toThrow(RecordNotFound);
  });
});
