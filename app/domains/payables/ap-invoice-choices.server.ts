import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { rateToPercent } from "~/utils/money";
import { listCostCodeOptions } from "../cost-codes/cost-codes.server";
import { listCostTypeOptions } from "../cost-codes/cost-types.server";

export type Option = { value: string; label: string };

/** The project's executed commitments, the only ones an invoice can be entered against. */
export async function executedCommitmentOptions(tx: Tx, projectId: string): Promise<Option[]> {
  const rows = await queryRows<{ id: string; number: string; title: string; vendor: string; retainageRate: string }>(tx, sql`
    select c.id, c.number, c.title, v.name as vendor, c.retainage_rate::text as "retainageRate"
    from commitments c join vendors v on v.organization_id = c.organization_id and v.id = c.vendor_id
    where c.project_id = ${projectId} and c.status = 'executed'
    order by c.number`);
  return rows.map((r) => ({ value: r.id, label: `${r.number} · ${r.title} · ${r.vendor} (retainage ${rateToPercent(r.retainageRate)}%)` }));
}

/** Cost codes and cost types for direct-cost lines. */
export async function directLineChoices(tx: Tx) {
  return {
    costCodes: (await listCostCodeOptions(tx)).map((c) => ({ value: c.id, label: c.label })),
    costTypes: (await listCostTypeOptions(tx)).map((t) => ({ value: t.id, label: t.name })),
  };
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** What a new invoice form starts with: dated today (UTC), due in 30 days. */
export function defaultInvoiceDates(now = new Date()) {
  return { invoiceDate: isoDay(now), dueDate: isoDay(new Date(now.getTime() + 30 * 86_400_000)) };
}
