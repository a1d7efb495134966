/**
 * Test helpers that bill an owner through the real services, the way the pages do: a prime
 * contract and its schedule of values, progress applications entered line by line then submitted
 * and certified, payments received, retainage releases. Used by the WIP, aging, pay application
 * route and G702 document tests.
 */
import { contractSchema } from "~/domains/contracts/contracts.schema";
import { saveContract } from "~/domains/contracts/contracts.server";
import { addSovLine } from "~/domains/contracts/sov.server";
import { projectSchema } from "~/domains/projects/projects.schema";
import { createProject } from "~/domains/projects/projects.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { sumMoney } from "~/utils/money";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { recordArPayment } from "./ar-payments.server";
import { certifyPayApp, createPayApplication, submitPayApp, updatePayAppLine } from "./pay-app-workflow.server";
import { arPaymentSchema, retainageReleaseSchema } from "./pay-apps.schema";
import { findPayApp, payAppLines, type PayApp } from "./pay-apps.server";
import { createRetainageRelease } from "./retainage-release.server";
import type { SqlClient } from "../../../tests/support/connections";

type Run = <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
type Dates = { periodEnd?: string; applicationDate?: string; dueDate: string };

export function billingFixture(owner: SqlClient, organizationId: string, userId: string, run: Run) {
  let jobs = 0;

  /** A project in `status` (owner connection: setup only). */
  async function project(name: string, status = "active") {
    const [row] = await owner`insert into projects (organization_id, job_number, name, status) values (${organizationId}, ${`B-${++jobs}`}, ${name}, ${status}) returning id`;
    return row.id as string;
  }

  /** A new prime contract with one SOV line per scheduled value (they must add up to the original sum). */
  async function contract(projectId: string, spec: { ownerName?: string; originalSum: string; retainagePercent?: string; sov: string[] }) {
    await run((tx) =>
      saveContract(tx, projectId, contractSchema.parse({ intent: "save-contract", ownerName: spec.ownerName ?? "County", originalSum: spec.originalSum, retainagePercent: spec.retainagePercent ?? "10" })),
    );
    await sovLines(projectId, spec.sov, 1);
  }

  /** SOV lines added to a contract whose version is `version`. */
  async function sovLines(projectId: string, values: string[], version: number) {
    for (const [i, scheduledValue] of values.entries()) await run((tx) => addSovLine(tx, projectId, { version: version + i, description: `Line ${i + 1}`, scheduledValue }));
  }

  /** Creates the next application, enters `thisPeriod` by line number, submits and certifies it. */
  async function certified(projectId: string, dates: Dates, thisPeriod: Record<number, string>): Promise<PayApp> {
    const app = await draft(projectId, dates, thisPeriod);
    const submitted = await run((tx) => submitPayApp(tx, { payAppId: app.id, version: app.version, actorId: userId }));
    return run((tx) => certifyPayApp(tx, { payAppId: app.id, version: submitted.version, actorId: userId }));
  }

  /** A draft application with `thisPeriod` entered by line number. */
  async function draft(projectId: string, dates: Dates, thisPeriod: Record<number, string>): Promise<PayApp> {
    const { periodEnd = dates.dueDate, applicationDate = dates.dueDate, dueDate } = dates;
    let app = await run((tx) => createPayApplication(tx, projectId, { periodEnd, applicationDate, dueDate, createdBy: userId }));
    const lines = await run((tx) => payAppLines(tx, app.id));
    for (const [lineNumber, amount] of Object.entries(thisPeriod)) {
      const line = lines.find((l) => l.lineNumber === Number(lineNumber))!;
      app = await run((tx) => updatePayAppLine(tx, app.id, { lineId: line.id, version: app.version, thisPeriod: amount, storedNow: "0.00", correction: false }));
    }
    return app;
  }

  async function receive(payAppId: string, amount: string, receivedOn = "2025-06-15") {
    const { version } = await run((tx) => findPayApp(tx, payAppId));
    const { payment } = await run((tx) => recordArPayment(tx, payAppId, { ...arPaymentSchema.parse({ version: String(version), receivedOn, amount, method: "ach" }), createdBy: userId }));
    return payment;
  }

  /** A certified retainage release application of `amount`. */
  async function release(projectId: string, amount: string, dueDate: string) {
    const input = retainageReleaseSchema.parse({ applicationDate: dueDate, dueDate, amount });
    const app = await run((tx) => createRetainageRelease(tx, projectId, { ...input, createdBy: userId }));
    const submitted = await run((tx) => submitPayApp(tx, { payAppId: app.id, version: app.version, actorId: userId }));
    return run((tx) => certifyPayApp(tx, { payAppId: app.id, version: submitted.version, actorId: userId }));
  }

  return { project, contract, sovLines, certified, draft, receive, release };
}

type BilledProject = { jobNumber: string; name: string; ownerName: string; sov: { description: string; scheduledValue: string }[] };

const HARBOR_SCHOOL: BilledProject = {
  jobNumber: "2601",
  name: "Harbor school",
  ownerName: "School district",
  sov: [
    { description: "Structure", scheduledValue: "60000.00" },
    { description: "Finishes", scheduledValue: "40000.00" },
  ],
};

/**
 * A new organization (its owner signed up) with an active project whose prime contract (10% retainage)
 * has the schedule of values `spec.sov`; by default Structure 60,000.00 and Finishes 40,000.00.
 */
export async function billingProject(label: string, spec: BilledProject = HARBOR_SCHOOL) {
  const account = await newAccount(label);
  const run: Run = (fn) => withTenant({ organizationId: account.organizationId, userId: account.userId }, fn);
  const originalSum = sumMoney(spec.sov.map((line) => line.scheduledValue)).toFixed(2);
  const projectId = await run(async (tx) => {
    const project = await createProject(tx, projectSchema.parse({ jobNumber: spec.jobNumber, name: spec.name, status: "active", contractType: "lump_sum", defaultRetainagePercent: "10" }));
    await saveContract(tx, project.id, contractSchema.parse({ intent: "save-contract", ownerName: spec.ownerName, originalSum, retainagePercent: "10" }));
    for (const [i, line] of spec.sov.entries()) await addSovLine(tx, project.id, { version: i + 1, ...line });
    return project.id;
  });
  return { ...account, run, projectId };
}
