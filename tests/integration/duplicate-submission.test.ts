/**
 * The same form post twice (a double click, a resend after a timeout, back and submit again)
 * creates one record: every form carries the page render's submission token, and the create
 * actions run once per token (app/utils/submissions.server.ts).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { payablesFixture, type PayablesFixture } from "~/domains/payables/test-fixtures";
import { action as contractAction } from "~/domains/contracts/routes/contract";
import { action as newInvoiceAction } from "~/domains/payables/routes/payable-new";
import { action as paymentsAction } from "~/domains/payables/routes/payable-payments";
import { action as newProjectAction } from "~/domains/projects/routes/project-new";
import { loader as rootLoader } from "~/root";
import { SUBMISSION_FIELD } from "~/utils/submissions";
import { ownerConnection } from "../support/connections";
import { callRoute, signIn, type Answer, type SignedIn } from "../support/route-requests";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let finance: TestMember;
let fx: PayablesFixture;
let user: SignedIn;
let vendorId: string;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "dup-submit");
  finance = await org.addMember("owner");
  fx = payablesFixture(owner, org);
  user = await signIn(finance.email, { organizationId: org.organizationId });
  vendorId = await fx.vendor("Duplicate Check Supply");
});
afterAll(() => owner.end());

const project = (jobNumber: string, token: string) => ({ jobNumber, name: "Riverside clinic", status: "bidding", contractType: "lump_sum", defaultRetainagePercent: "10", [SUBMISSION_FIELD]: token });
const projectsNumbered = async (jobNumber: string) =>
  (await owner`select id from projects where organization_id = ${org.organizationId} and job_number = ${jobNumber}`).map((r) => r.id as string);
/** The flash message the redirect set, as the next page (the root loader) reads it. */
const flashOf = async (redirect: Answer) => {
  const request = user.get(redirect.location!);
  const flashCookie = (redirect.data as Response).headers.getSetCookie().map((c) => c.split(";")[0]);
  request.headers.set("Cookie", [request.headers.get("Cookie"), ...flashCookie].join("; "));
  const page = await callRoute(rootLoader, request);
  return (page.data as { flash: { kind: string; message: string } | null }).flash;
};

describe("a form posted twice with the same submission token", () => {
  it("every page render carries a fresh token", async () => {
    const tokens = await Promise.all([1, 2].map(async () => ((await callRoute(rootLoader, user.get("/"))).data as { submissionToken: string }).submissionToken));
    expect(tokens[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(tokens[0]).not.toBe(tokens[1]);
  });

  it("creates one project: the repeat leads to it and says nothing new was created", async () => {
    const token = randomUUID();
    const first = await callRoute(newProjectAction, user.post("/projects/new", project("DUP-1", token)));
    const second = await callRoute(newProjectAction, user.post("/projects/new", project("DUP-1", token)));
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(second.location).toBe(first.location);
    const ids = await projectsNumbered("DUP-1");
    expect(ids).toHaveLength(1);
    expect(first.location).toBe(`/projects/${ids[0]}`);
    expect(await flashOf(first)).toMatchObject({ kind: "success", message: "Project DUP-1 created." });
    expect(await flashOf(second)).toMatchObject({ kind: "info", message: expect.stringContaining("already submitted") });
  });

  it("posted 6 times at once, creates one invoice and every post leads to it", async () => {
    const token = randomUUID();
    const fields = { intent: "direct", projectId: org.projectId, vendorId, invoiceNumber: "DUP-INV-1", invoiceDate: "2025-05-01", dueDate: "2025-05-31", description: "", [SUBMISSION_FIELD]: token };
    const path = `/payables/new?projectId=${org.projectId}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => callRoute(newInvoiceAction, user.post(path, fields))));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(303));
    expect(new Set(answers.map((a) => a.location)).size).toBe(1);
    const [{ n }] = await owner`select count(*)::int as n from ap_invoices where organization_id = ${org.organizationId} and invoice_number = 'DUP-INV-1'`;
    expect(n).toBe(1);
  });

  it("records a payment once", async () => {
    const invoiceId = await fx.directInvoice(finance, [[org.costCodeId, "900.00"]]);
    await fx.approve(invoiceId);
    const [{ version }] = await owner`select version from ap_invoices where id = ${invoiceId}`;
    const token = randomUUID();
    const pay = () =>
      callRoute(
        paymentsAction,
        user.post(`/payables/${invoiceId}/payments`, { intent: "pay", paidOn: "2025-06-01", amount: "400.00", method: "check", reference: "2001", version: String(version), [SUBMISSION_FIELD]: token }),
        { invoiceId },
      );
    const [first, second] = [await pay(), await pay()];
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.location).toBe(first.location);
    const payments = await owner`select amount::text from ap_payments where ap_invoice_id = ${invoiceId}`;
    expect(payments.map((p) => p.amount)).toEqual(["400.00"]);
  });

  it("adds a schedule of values line once: the repeat is not refused as a stale version, it leads to the page", async () => {
    const [{ version }] = await owner`select version from prime_contracts where id = ${org.contractId}`;
    const token = randomUUID();
    const path = `/projects/${org.projectId}/contract`;
    const add = () =>
      callRoute(contractAction, user.post(path, { intent: "add-line", description: "Sitework (repeat check)", scheduledValue: "12,500.00", version: String(version), [SUBMISSION_FIELD]: token }), {
        projectId: org.projectId,
      });
    const [first, second] = [await add(), await add()];
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.location).toBe(`${path}#sov`);
    const [{ n }] = await owner`select count(*)::int as n from sov_lines where organization_id = ${org.organizationId} and description = 'Sitework (repeat check)'`;
    expect(n).toBe(1);
  });

  it("different tokens create different records; a token is not spent by a post that was refused", async () => {
    const a = await callRoute(newProjectAction, user.post("/projects/new", project("DUP-2", randomUUID())));
    const b = await callRoute(newProjectAction, user.post("/projects/new", project("DUP-3", randomUUID())));
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.location).not.toBe(b.location);

    // The job number is taken: refused (409), the transaction and its claim on the token roll back.
    const token = randomUUID();
    const refused = await callRoute(newProjectAction, user.post("/projects/new", project("DUP-2", token)));
    expect(refused.status).toBe(409);
    const fixed = await callRoute(newProjectAction, user.post("/projects/new", project("DUP-4", token)));
    expect(fixed.status).toBe(303);
    expect(await projectsNumbered("DUP-4")).toHaveLength(1);
  });

  it("one page's token serves each of its forms once: another form with the same token still creates", async () => {
    const token = randomUUID();
    const created = await callRoute(newProjectAction, user.post("/projects/new", project("DUP-5", token)));
    const path = `/payables/new?projectId=${org.projectId}`;
    const invoice = await callRoute(
      newInvoiceAction,
      user.post(path, { intent: "direct", projectId: org.projectId, vendorId, invoiceNumber: "DUP-INV-2", invoiceDate: "2025-05-01", dueDate: "2025-05-31", description: "", [SUBMISSION_FIELD]: token }),
    );
    expect([created.status, invoice.status]).toEqual([303, 303]);
    expect(invoice.location).toMatch(/^\/payables\/[0-9a-f-]{36}$/);
  });

  it("a malformed token counts as none; another organization's token is not this one's", async () => {
    for (const [i, token] of ["not-a-token", "' or 1=1 --", "x".repeat(5000), `${randomUUID()},${randomUUID()}`].entries()) {
      const answer = await callRoute(newProjectAction, user.post("/projects/new", project(`DUP-M${i}`, token)));
      expect(answer.status, token.slice(0, 40)).toBe(303);
    }
    const other = await financeOrganization(owner, "dup-submit-other");
    const otherUser = await signIn(other.owner.email, { organizationId: other.organizationId });
    const token = randomUUID();
    const mine = await callRoute(newProjectAction, user.post("/projects/new", project("DUP-8", token)));
    const theirs = await callRoute(newProjectAction, otherUser.post("/projects/new", project("DUP-8", token)));
    expect([mine.status, theirs.status]).toEqual([303, 303]);
    expect(theirs.location).not.toBe(mine.location);
  });

  it("a post without a token (an API client) creates each time", async () => {
    const { [SUBMISSION_FIELD]: _token, ...fields } = project("DUP-6", "");
    expect((await callRoute(newProjectAction, user.post("/projects/new", fields))).status).toBe(303);
    expect((await callRoute(newProjectAction, user.post("/projects/new", { ...fields, jobNumber: "DUP-7" }))).status).toBe(303);
  });
});
