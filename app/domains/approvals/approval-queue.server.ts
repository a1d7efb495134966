import { sql } from "drizzle-orm";
import type { TableQuery } from "~/utils/data-table";
import { queryTable, serverTable } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { permissionsOf } from "~/utils/permissions";
import { apInvoicePath } from "../payables/payables.schema";
import type { Actor } from "./approval-requests.server";
import { approvalQueueTable } from "./approvals.table";

/**
 * Pending requests whose current, undecided step names `actor` or needs a permission key their
 * role holds in this organization. Each document type contributes its title, project and link
 * through its own left join.
 */
function queueTable(actor: Actor) {
  const keys = permissionsOf(actor.role);
  return serverTable(approvalQueueTable, {
    from: sql`approval_requests r
      join approval_request_steps s on s.request_id = r.id and s.step_number = r.current_step
      left join users sub on sub.id = r.submitted_by
      left join change_orders co on r.document_type = 'change_order' and co.id = r.document_id
      left join commitments cm on r.document_type = 'commitment' and cm.id = r.document_id
      left join ap_invoices ap on r.document_type = 'ap_invoice' and ap.id = r.document_id
      left join vendors v on v.id = ap.vendor_id
      left join projects p on p.id = coalesce(co.project_id, cm.project_id, ap.project_id)`,
    where: sql`r.status = 'pending' and s.decision is null
      and (s.approver_user_id = ${actor.userId} or s.permission_key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)}))`,
    columns: {
      submittedAt: sql`r.created_at`,
      documentType: sql`r.document_type`,
      document: sql`case r.document_type
        when 'change_order' then 'CO #' || co.number || ' · ' || co.title
        when 'commitment' then cm.number || ' · ' || cm.title
        when 'ap_invoice' then 'Invoice ' || ap.invoice_number || ' · ' || v.name
        else r.document_type end`,
      project: sql`coalesce(p.job_number || ' ' || p.name, '')`,
      amount: sql`r.amount`,
      step: sql`'Step ' || r.current_step || ' of ' || r.total_steps || ' · review'`,
      submittedBy: sql`coalesce(sub.name, '')`,
    },
    id: sql`r.id`,
    extra: {
      documentHref: sql`case r.document_type
        when 'change_order' then '/change-orders/' || r.document_id
        when 'commitment' then '/commitments/' || r.document_id
        when 'ap_invoice' then ${apInvoicePath("")} || r.document_id end`,
      reviewHref: sql`'/approvals?request=' || r.id`,
    },
  });
}

export async function listApprovalQueue(tx: Tx, actor: Actor, query: TableQuery) {
  return queryTable(tx, queueTable(actor), query);
}
