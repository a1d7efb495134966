/**
 * What a commitment line may still be billed (DOMAIN.md: billed to date must not pass the line's
 * value plus approved change orders).
 *
 * Ceiling of a commitment line = its amount + the approved commitment change order lines of that
 * commitment with the same cost code × cost type. Change order lines carry no commitment line, so
 * when several commitment lines share a cost code × type the change goes to the first of them (by
 * line number). A change order line whose cost code × type has no commitment line cannot be billed
 * against this commitment.
 *
 * Previously billed = Σ (this period + stored materials) of the line on the commitment's other
 * approved or paid progress invoices (draft, pending and void ones bill nothing yet), plus the line's
 * opening billed to date (what the vendor billed before the app, ADR 0014: previous to every
 * invoice). For an invoice that is itself approved, "previously" means approved before it.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { formatMoney, overBilled } from "./ap-invoice-math";
import { ApInvoiceRefused, type ApInvoice } from "./ap-invoices.server";

export type BillingSheetLine = {
  commitmentLineId: string;
  lineNumber: number;
  costCodeId: string;
  costTypeId: string;
  costCode: string;
  costCodeName: string;
  costType: string;
  description: string;
  lineAmount: string;
  approvedChanges: string;
  ceiling: string;
  previouslyBilled: string;
  /** Retainage the same earlier invoices held on the line, and what release invoices (not void) paid out of it. */
  previouslyHeld: string;
  released: string;
  /** The commitment line's own retainage rate; null: the invoice's. */
  ownRetainageRate: string | null;
  /** The part of previouslyBilled that is the line's opening (billed before the app, ADR 0014). */
  openingBilled: string;
  /** This invoice's own line (0.00 when it bills nothing on this commitment line). */
  thisPeriod: string;
  storedMaterials: string;
  amount: string;
  retainage: string;
};

type SheetInvoice = Pick<ApInvoice, "id" | "commitmentId">;

/** Every line of the invoice's commitment with its ceiling, what was billed before and this invoice's billing. */
export async function billingSheet(tx: Tx, invoice: SheetInvoice): Promise<BillingSheetLine[]> {
  if (!invoice.commitmentId) return [];
  const rows = await queryRows<BillingSheetLine>(tx, sql`
    with this_invoice as (select id, approved_at from ap_invoices where id = ${invoice.id}),
    lines as (
      select l.*, row_number() over (partition by l.cost_code_id, l.cost_type_id order by l.line_number) as nth
      from commitment_lines l where l.commitment_id = ${invoice.commitmentId}
    ),
    changes as (
      select col.cost_code_id, col.cost_type_id, sum(col.amount) as amount
      from change_orders co
      join change_order_lines col on col.organization_id = co.organization_id and col.change_order_id = co.id
      where co.commitment_id = ${invoice.commitmentId} and co.kind = 'commitment' and co.status = 'approved'
      group by col.cost_code_id, col.cost_type_id
    ),
    billed as (
      select b.commitment_line_id, sum(b.amount) as amount, sum(b.held) as held, sum(b.amount) filter (where b.opening) as opening
      from (
        select il.commitment_line_id, il.amount, il.retainage as held, false as opening
        from ap_invoices i
        join ap_invoice_lines il on il.organization_id = i.organization_id and il.ap_invoice_id = i.id
        cross join this_invoice t
        where i.commitment_id = ${invoice.commitmentId} and i.kind = 'progress' and i.status in ('approved', 'paid')
          and i.id <> t.id and (t.approved_at is null or i.approved_at < t.approved_at)
        union all
        -- the line's opening (ADR 0014): billed and retainage held before the app, previous to every invoice
        select o.commitment_line_id, o.billed_to_date, o.retainage_held, true from commitment_line_openings o where o.commitment_id = ${invoice.commitmentId}
      ) b
      group by b.commitment_line_id
    ),
    released as (
      select il.commitment_line_id, sum(il.retainage_released) as amount
      from ap_invoices i
      join ap_invoice_lines il on il.organization_id = i.organization_id and il.ap_invoice_id = i.id
      where i.commitment_id = ${invoice.commitmentId} and i.kind = 'retainage_release' and i.status <> 'void'
      group by il.commitment_line_id
    )
    select l.id as "commitmentLineId", l.line_number as "lineNumber", l.cost_code_id as "costCodeId", l.cost_type_id as "costTypeId",
      cc.code as "costCode", cc.name as "costCodeName", ct.name as "costType", l.description,
      l.amount::text as "lineAmount",
      (case when l.nth = 1 then coalesce(ch.amount, 0) else 0 end)::numeric(14,2)::text as "approvedChanges",
      (l.amount + case when l.nth = 1 then coalesce(ch.amount, 0) else 0 end)::numeric(14,2)::text as ceiling,
      coalesce(b.amount, 0)::numeric(14,2)::text as "previouslyBilled",
      coalesce(b.held, 0)::numeric(14,2)::text as "previouslyHeld",
      coalesce(r.amount, 0)::numeric(14,2)::text as released,
      l.retainage_rate::text as "ownRetainageRate",
      coalesce(b.opening, 0)::numeric(14,2)::text as "openingBilled",
      coalesce(il.this_period, 0)::numeric(14,2)::text as "thisPeriod",
      coalesce(il.stored_materials, 0)::numeric(14,2)::text as "storedMaterials",
      coalesce(il.amount, 0)::numeric(14,2)::text as amount,
      coalesce(il.retainage, 0)::numeric(14,2)::text as retainage
    from lines l
    join cost_codes cc on cc.organization_id = l.organization_id and cc.id = l.cost_code_id
    join cost_types ct on ct.organization_id = l.organization_id and ct.id = l.cost_type_id
    left join changes ch on ch.cost_code_id = l.cost_code_id and ch.cost_type_id = l.cost_type_id
    left join billed b on b.commitment_line_id = l.id
    left join released r on r.commitment_line_id = l.id
    left join ap_invoice_lines il on il.organization_id = l.organization_id and il.ap_invoice_id = ${invoice.id} and il.commitment_line_id = l.id
    order by l.line_number`);
  return rows.map((r) => ({ ...r }));
}

/** The refusal for billing `amount` on `line` past its ceiling, or null. */
export function overbillingProblem(line: BillingSheetLine, amount: string): string | null {
  const over = overBilled(line.ceiling, line.previouslyBilled, amount);
  if (!over) return null;
  const name = [line.costCode, line.description || line.costCodeName].join(" ");
  return (
    `Line ${line.lineNumber} (${name}) would be billed ${formatMoney(over.billedToDate)} to date, ${formatMoney(over.over)} over its ` +
    `ceiling of ${formatMoney(line.ceiling)} (line value plus approved change orders). Reduce this period or stored materials, or approve a change order first.`
  );
}

/** Re-checks the invoice's stored lines against the ceilings as they are now (other invoices may have been approved meanwhile). */
export async function assertWithinCeilings(tx: Tx, invoice: SheetInvoice) {
  for (const line of await billingSheet(tx, invoice)) {
    if (line.amount === "0.00") continue;
    const problem = overbillingProblem(line, line.amount);
    if (problem) throw new ApInvoiceRefused(problem);
  }
}

/**
 * Serializes the decisions that read and then change what a commitment has billed or released
 * (approving an invoice, creating a release, voiding a posted invoice): two of them on the same
 * commitment cannot both pass their checks against the same old state. NO KEY UPDATE leaves
 * inserts that merely reference the commitment unblocked.
 */
export async function lockCommitmentBilling(tx: Tx, commitmentId: string) {
  await tx.execute(sql`select id from commitments where id = ${commitmentId} for no key update`);
}
