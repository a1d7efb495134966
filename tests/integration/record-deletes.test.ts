/**
 * Records are kept by PostgreSQL, not only by the services (issue 15 §5): the runtime role (the app
 * pool, through withTenant) cannot delete a certified pay application, an approved change order, an
 * executed commitment, an approved or paid vendor invoice, their lines, a payment, a budget transfer
 * or an audit event; drafts and their lines stay deletable. Every attempt runs in a transaction that
 * is rolled back, so each case sees the demo data as seeded.
 */
import type { SqlClient } from "@db/sql-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATIONS, seedDemo } from "@db/seed/demo";
import { queryRows, withTenant } from "~/utils/db.server";
import { ownerConnection } from "../support/connections";

const [SUMMIT] = DEMO_ORGANIZATIONS;
let owner: SqlClient;

beforeAll(async () => {
  await seedDemo();
  owner = ownerConnection();
}, 120_000);
afterAll(() => owner.end());

class Rollback extends Error {
  constructor(readonly deleted: number) {
    super("rollback");
  }
}

/** Runs `statement` (a DELETE … RETURNING) as the app role in Summit, then rolls back: "deleted N" or "SQLSTATE message". */
async function attempt(statement: string): Promise<string> {
  return withTenant({ organizationId: SUMMIT.id }, async (tx) => {
    throw new Rollback((await queryRows(tx, statement)).length);
  }).catch((error: Error & { cause?: { code?: string; message: string } }) => {
    if (error instanceof Rollback) return `deleted ${error.deleted}`;
    const cause = error.cause ?? (error as { code?: string; message: string });
    return `${cause.code} ${cause.message}`;
  });
}

/** The id of one Summit row of `table` matching `where` (seeded data must have one). */
async function one(table: string, where: string): Promise<string> {
  const rows = await owner.unsafe(`select id from ${table} where organization_id = '${SUMMIT.id}' and ${where} order by id limit 1`);
  if (!rows[0]) throw new Error(`the demo seed has no ${table} where ${where}`);
  return rows[0].id as string;
}

const refused = (what: string, status: string) => `23001 this ${what} is ${status} and cannot be deleted`;
const lineRefused = (what: string, status: string) => `23001 a line of this ${what} is ${status} and cannot be deleted`;

describe("records cannot be deleted by the runtime role", () => {
  const documents = [
    { table: "pay_applications", lines: "pay_application_lines", fk: "pay_application_id", what: "pay application", statuses: ["certified", "paid"] },
    { table: "change_orders", lines: "change_order_lines", fk: "change_order_id", what: "change order", statuses: ["approved"] },
    { table: "commitments", lines: "commitment_lines", fk: "commitment_id", what: "commitment", statuses: ["executed", "closed"] },
    { table: "ap_invoices", lines: "ap_invoice_lines", fk: "ap_invoice_id", what: "vendor invoice", statuses: ["approved"] },
  ];
  for (const d of documents)
    for (const status of d.statuses)
      it(`${d.what} (${status}) and its lines`, async () => {
        const id = await one(d.table, `status = '${status}'`);
        expect(await attempt(`delete from ${d.table} where id = '${id}' returning id`)).toBe(refused(d.what, status));
        expect(await attempt(`delete from ${d.lines} where ${d.fk} = '${id}' returning id`)).toBe(lineRefused(d.what, status));
      });

  it("a paid vendor invoice", async () => {
    const id = await one("ap_invoices", "exists (select 1 from ap_payments p where p.ap_invoice_id = ap_invoices.id)");
    await owner.unsafe(`update ap_invoices set status = 'paid' where id = '${id}'`);
    expect(await attempt(`delete from ap_invoice_lines where ap_invoice_id = '${id}' returning id`)).toBe(lineRefused("vendor invoice", "paid"));
    expect(await attempt(`delete from ap_invoices where id = '${id}' returning id`)).toBe(refused("vendor invoice", "paid"));
  });

  it("a WIP close (month-end close: reopened, never deleted)", async () => {
    const id = await one("wip_closes", "status = 'closed'");
    expect(await attempt(`delete from wip_closes where id = '${id}' returning id`)).toMatch(/^23001 the WIP close of \d{4}-\d{2}-\d{2} cannot be deleted$/);
  });

  for (const table of ["ap_payments", "ar_payments", "budget_transfers", "audit_events", "wip_close_rows"])
    it(`${table} (append-only: no DELETE privilege)`, async () => {
      expect(await attempt(`delete from ${table} returning id`)).toMatch(/^42501 permission denied for table/);
    });
});

describe("drafts stay deletable", () => {
  const drafts = [
    { table: "change_orders", lines: "change_order_lines", fk: "change_order_id" },
    { table: "commitments", lines: "commitment_lines", fk: "commitment_id" },
    { table: "ap_invoices", lines: "ap_invoice_lines", fk: "ap_invoice_id" },
  ];
  for (const d of drafts)
    it(`a draft of ${d.table}, its lines one by one or with it`, async () => {
      const id = await one(d.table, `status = 'draft' and exists (select 1 from ${d.lines} l where l.${d.fk} = ${d.table}.id)`);
      expect(await attempt(`delete from ${d.lines} where ${d.fk} = '${id}' returning id`)).toMatch(/^deleted [1-9]/);
      expect(await attempt(`delete from ${d.table} where id = '${id}' returning id`)).toBe("deleted 1");
    });

  it("a pay application not yet certified, with its lines", async () => {
    const id = await one("pay_applications", "status in ('draft', 'submitted') and exists (select 1 from pay_application_lines l where l.pay_application_id = pay_applications.id)");
    expect(await attempt(`delete from pay_application_lines where pay_application_id = '${id}' returning id`)).toMatch(/^deleted [1-9]/);
    expect(await attempt(`delete from pay_applications where id = '${id}' returning id`)).toBe("deleted 1");
  });
});
