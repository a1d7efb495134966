/**
 * Payments received from the owner against certified applications (partial allowed). The
 * application becomes paid when its current payment due (G702 line 8) is received in full.
 */
import { and, eq, sql } from "drizzle-orm";
import { arPayments, payApplications } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { notifyPayAppOutcome } from "~/domains/notifications/producers.server";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec, moneyString } from "~/utils/money";
import type { ArPaymentInput } from "./pay-apps.schema";
import { findPayApp, PayAppConflict, PayAppRefused } from "./pay-apps.server";

/** Received on an application: its payments, and an opening position's received before onboarding (ADR 0013). */
export async function receivedOn(tx: Tx, payAppId: string) {
  const [{ total }] = await queryRows<{ total: string }>(tx, sql`
    select (a.received_before_onboarding + coalesce((select sum(p.amount) from ar_payments p where p.pay_application_id = a.id), 0))::numeric(14,2)::text as total
    from pay_applications a where a.id = ${payAppId}`);
  return total;
}

export async function listArPayments(tx: Tx, payAppId: string) {
  return tx.select().from(arPayments).where(eq(arPayments.payApplicationId, payAppId)).orderBy(arPayments.receivedOn, arPayments.createdAt);
}

export async function recordArPayment(tx: Tx, payAppId: string, input: ArPaymentInput & { createdBy: string }) {
  const app = await findPayApp(tx, payAppId);
  if (app.status !== "certified") throw new PayAppRefused(`Application #${app.number} is ${app.status}: payments are recorded against certified applications.`);
  if (app.version !== input.version) throw new PayAppConflict(`Someone else changed application #${app.number} meanwhile. Reload the page and try again.`);
  const open = dec(app.line8CurrentPaymentDue).minus(await receivedOn(tx, app.id));
  if (dec(input.amount).gt(open))
    throw new PayAppRefused(`The payment of ${input.amount} is more than the ${moneyString(open)} still open on application #${app.number}.`, "amount");
  const [payment] = await tx
    .insert(arPayments)
    .values({ organizationId: sql`${currentOrganizationId}`, payApplicationId: app.id, receivedOn: input.receivedOn, amount: input.amount, method: input.method, reference: input.reference, createdBy: input.createdBy })
    .returning();
  const paidInFull = dec(input.amount).eq(open);
  const [after] = await tx
    .update(payApplications)
    .set({ status: paidInFull ? "paid" : "certified", version: sql`${payApplications.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(payApplications.id, app.id), eq(payApplications.version, input.version)))
    .returning();
  if (!after) throw new PayAppConflict(`Someone else changed application #${app.number} meanwhile. Reload the page and try again.`);
  await recordAudit(tx, { entityType: "ar_payment", entityId: payment.id, action: "created", after: payment });
  if (paidInFull) await notifyPayAppOutcome(tx, app.id, "paid", input.createdBy);
  return { payment, application: after };
}
