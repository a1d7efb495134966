/**
 * Test setup for the payables tests: executed commitments with lines, approved commitment change
 * orders and vendors written over the owner connection (setup only), and short helpers that drive
 * the services under test the way the pages will (inputs through the zod schemas, under RLS).
 */
import { actOnApproval } from "~/domains/approvals/approval-actions.server";
import { actorOf, tenantOf, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { withTenant, type Tx } from "~/utils/db.server";
import { addDirectLine, saveCommitmentBilling } from "./ap-invoice-lines.server";
import { changeApInvoiceStatus } from "./ap-invoice-status.server";
import { createCommitmentInvoice, createDirectInvoice, findApInvoice } from "./ap-invoices.server";
import { recordApPayment } from "./ap-payments.server";
import {
  addDirectLineSchema,
  apPaymentSchema,
  commitmentBillingSchema,
  newCommitmentInvoiceSchema,
  newDirectInvoiceSchema,
  type ApInvoiceTransition,
} from "./payables.schema";
import type { SqlClient } from "../../../tests/support/connections";

let counter = 0;
export const nextNumber = (prefix = "INV") => `${prefix}-${++counter}`;

export function payablesFixture(owner: SqlClient, org: FinanceOrganization) {
  const as = <T>(member: TestMember, fn: (tx: Tx) => Promise<T>) => withTenant(tenantOf(org, member), fn);

  async function vendor(name = `Vendor ${nextNumber("V")}`) {
    const [row] = await owner`insert into vendors (organization_id, name) values (${org.organizationId}, ${name}) returning id`;
    return row.id as string;
  }

  /** An executed commitment (new vendor unless given) with `lines` [cost code id, amount]; all lines on org.costTypeId. */
  async function commitment(spec: { retainageRate?: string; lines: [string, string][]; vendorId?: string; status?: string }) {
    const vendorId = spec.vendorId ?? (await vendor());
    const [row] = await owner`insert into commitments (organization_id, project_id, vendor_id, number, type, title, retainage_rate, status, executed_at)
      values (${org.organizationId}, ${org.projectId}, ${vendorId}, ${nextNumber("SC")}, 'subcontract', 'Package', ${spec.retainageRate ?? "0.10"},
        ${spec.status ?? "executed"}, now()) returning id`;
    const lineIds: string[] = [];
    for (const [i, [costCodeId, amount]] of spec.lines.entries()) {
      const [line] = await owner`insert into commitment_lines (organization_id, commitment_id, line_number, cost_code_id, cost_type_id, description, amount)
        values (${org.organizationId}, ${row.id}, ${i + 1}, ${costCodeId}, ${org.costTypeId}, ${`Scope ${i + 1}`}, ${amount}) returning id`;
      lineIds.push(line.id);
    }
    return { commitmentId: row.id as string, vendorId, lineIds };
  }

  /** A commitment change order in `status` with one line on cost code × org.costTypeId. */
  async function commitmentChange(commitmentId: string, costCodeId: string, amount: string, status = "approved") {
    const [{ n }] = await owner`select coalesce(max(number), 0) + 1 as n from change_orders where project_id = ${org.projectId}`;
    const [co] = await owner`insert into change_orders (organization_id, project_id, number, kind, commitment_id, stage, status, title)
      values (${org.organizationId}, ${org.projectId}, ${n}, 'commitment', ${commitmentId}, 'change_order', ${status}, 'Added scope') returning id`;
    await owner`insert into change_order_lines (organization_id, change_order_id, line_number, cost_code_id, cost_type_id, amount)
      values (${org.organizationId}, ${co.id}, 1, ${costCodeId}, ${org.costTypeId}, ${amount})`;
  }

  const header = (number?: string, dueDate = "2025-03-31") => ({ invoiceNumber: number ?? nextNumber(), invoiceDate: "2025-03-01", dueDate, description: "Progress billing" });

  const draftAgainst = (member: TestMember, commitmentId: string, number?: string, dueDate?: string) =>
    as(member, (tx) => createCommitmentInvoice(tx, newCommitmentInvoiceSchema.parse({ commitmentId, ...header(number, dueDate) })));

  /** Saves the continuation sheet: [commitment line id, this period, stored materials] as typed. */
  async function bill(member: TestMember, invoiceId: string, lines: [string, string, string?][]) {
    const { version } = await current(invoiceId);
    const { intent: _intent, ...input } = commitmentBillingSchema.parse({
      intent: "save-billing",
      version: String(version),
      lines: lines.map(([commitmentLineId, thisPeriod, storedMaterials]) => ({ commitmentLineId, thisPeriod, storedMaterials: storedMaterials ?? "0" })),
    });
    return as(member, (tx) => saveCommitmentBilling(tx, invoiceId, input));
  }

  /** A draft direct-cost invoice from a new vendor (unless given) with one line per [cost code id, amount]. */
  async function directInvoice(member: TestMember, lines: [string, string][], vendorId?: string) {
    const invoice = await as(member, async (tx) =>
      createDirectInvoice(tx, newDirectInvoiceSchema.parse({ projectId: org.projectId, vendorId: vendorId ?? (await vendor()), ...header() })),
    );
    let version = invoice.version;
    for (const [costCodeId, amount] of lines) {
      const { intent: _intent, ...line } = addDirectLineSchema.parse({ intent: "add-line", costCodeId, costTypeId: org.costTypeId, amount, description: "Rental", version: String(version) });
      version = (await as(member, (tx) => addDirectLine(tx, invoice.id, line))).invoice.version;
    }
    return invoice.id;
  }

  const current = (invoiceId: string) => as(org.owner, (tx) => findApInvoice(tx, invoiceId));

  async function move(member: TestMember, invoiceId: string, to: ApInvoiceTransition) {
    const { version } = await current(invoiceId);
    return as(member, (tx) => changeApInvoiceStatus(tx, invoiceId, { to, version, actorId: member.userId }));
  }

  /** `member`'s decision on the current step of the invoice's open approval request, as the invoice page posts it. */
  async function decision(member: TestMember, invoiceId: string, outcome: "approved" | "rejected" = "approved", reason?: string) {
    const [request] = await owner`select id, version, current_step from approval_requests where document_id = ${invoiceId} and status = 'pending'`;
    return (tx: Tx) =>
      actOnApproval(
        tx,
        { requestId: request.id, version: request.version, stepNumber: request.current_step, decision: outcome, reason, actor: actorOf(member) },
        { documentType: "ap_invoice", documentId: invoiceId },
      );
  }

  const decide = async (member: TestMember, invoiceId: string, outcome: "approved" | "rejected" = "approved", reason?: string) =>
    as(member, await decision(member, invoiceId, outcome, reason));

  /** Submits and approves (one step by the owner: no invoice policy applies unless a test adds one). */
  async function approve(invoiceId: string) {
    await move(org.owner, invoiceId, "submit");
    await decide(org.owner, invoiceId);
    return current(invoiceId);
  }

  async function pay(member: TestMember, invoiceId: string, amount: string, paidOn = "2025-04-01") {
    const { version } = await current(invoiceId);
    const { intent: _intent, ...input } = apPaymentSchema.parse({ intent: "pay", paidOn, amount, method: "check", reference: "10001", version: String(version) });
    return as(member, (tx) => recordApPayment(tx, invoiceId, input));
  }

  /** Runs `fn` in a transaction left open (uncommitted) until `commit()`: `ready` once `fn` has run. */
  function heldOpen<T>(member: TestMember, fn: (tx: Tx) => Promise<T>) {
    let commit!: () => void;
    let ran!: () => void;
    const gate = new Promise<void>((resolve) => (commit = resolve));
    const ready = new Promise<void>((resolve) => (ran = resolve));
    const done = as(member, async (tx) => {
      try {
        return await fn(tx);
      } finally {
        ran();
        await gate;
      }
    });
    return { ready, commit, done };
  }

  /** Until some backend of this database waits for a lock (a racing transaction is blocked). */
  async function lockWaiter() {
    for (let i = 0; i < 100; i++) {
      const [row] = await owner`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
      if (row.n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("no transaction ever waited for a lock");
  }

  return { heldOpen, lockWaiter, as, vendor, commitment, commitmentChange, header, draftAgainst, bill, directInvoice, current, move, decision, decide, approve, pay };
}

export type PayablesFixture = ReturnType<typeof payablesFixture>;
