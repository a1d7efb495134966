/**
 * Notifications that other domains raise with one call from their own service, in their own
 * transaction (approvals call notify() directly from approval-emails.server.ts).
 */
import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { notify } from "./notify.server";

/** A pay application was certified or paid in full: tell who prepared it and the project's manager (not the actor). */
export async function notifyPayAppOutcome(tx: Tx, payAppId: string, outcome: "certified" | "paid", actorId: string | null) {
  const [app] = await queryRows<{ id: string; number: number; createdBy: string | null; managerId: string | null; project: string }>(
    tx,
    sql`select a.id, a.number, a.created_by as "createdBy", p.project_manager_id as "managerId", p.job_number || ' ' || p.name as project
      from pay_applications a join projects p on p.id = a.project_id where a.id = ${payAppId}`,
  );
  if (!app) return [];
  const recipients = [app.createdBy, app.managerId].filter((id): id is string => !!id && id !== actorId);
  return notify(tx, {
    kind: outcome === "certified" ? "pay_app_certified" : "pay_app_paid",
    recipientIds: recipients,
    record: { kind: "pay_application", id: app.id, link: `/pay-apps/${app.id}` },
    title: `Pay application #${app.number} ${outcome === "certified" ? "certified" : "paid in full"}: ${app.project}`,
    lines: [
      outcome === "certified"
        ? `Application #${app.number} on ${app.project} was certified; its figures are now final.`
        : `Application #${app.number} on ${app.project} is paid in full.`,
    ],
    actionLabel: "Open the application",
  });
}

/** An import finished or failed: tell the member who uploaded it. */
export async function notifyImportOutcome(tx: Tx, importId: string, outcome: "finished" | "failed") {
  const [record] = await queryRows<{ id: string; fileName: string; createdBy: string | null; failureMessage: string | null }>(
    tx,
    sql`select id, file_name as "fileName", created_by as "createdBy", failure_message as "failureMessage" from imports where id = ${importId}`,
  );
  if (!record?.createdBy) return [];
  return notify(tx, {
    kind: outcome === "finished" ? "import_finished" : "import_failed",
    recipientIds: [record.createdBy],
    record: { kind: "import", id: record.id, link: `/imports/${record.id}` },
    title: outcome === "finished" ? `Import finished: ${record.fileName}` : `Import failed: ${record.fileName}`,
    lines:
      outcome === "finished"
        ? [`The workbook ${record.fileName} was imported.`]
        : [`The workbook ${record.fileName} was not imported.`, ...(record.failureMessage ? [record.failureMessage.slice(0, 500)] : [])],
    actionLabel: "Open the import",
  });
}
