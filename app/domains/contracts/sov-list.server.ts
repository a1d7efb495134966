import { sql } from "drizzle-orm";
import { serverTable } from "~/utils/data-table.server";
import { sovTable } from "./sov-lines.table";

/**
 * The SOV lines of one contract. Lines from change orders link to their change order; the others
 * are edited in the grid below the list.
 */
export const sovList = (contractId: string) =>
  serverTable(sovTable, {
    from: sql`sov_lines s
      left join cost_codes cc on cc.organization_id = s.organization_id and cc.id = s.cost_code_id`,
    where: sql`s.contract_id = ${contractId}`,
    columns: {
      lineNumber: sql`s.line_number`,
      description: sql`s.description`,
      costCode: sql`coalesce(cc.code, '')`,
      source: sql`case when s.change_order_id is null then 'original' else 'change order' end`,
      scheduledValue: sql`s.scheduled_value`,
      // The line's own rate, or the contract's (with its bands) when it has none.
      retainage: sql`case when s.retainage_rate is null then 'contract' else trim(trailing '.' from trim(trailing '0' from (s.retainage_rate * 100)::text)) || '%' end`,
    },
    id: sql`s.id`,
    extra: {
      editHref: sql`case when s.change_order_id is not null then '/change-orders/' || s.change_order_id::text end`,
    },
  });
