import { eq, sql } from "drizzle-orm";
import { outboundEmails } from "@db/schema";
import type { Tx } from "./db.server";
import { sendMessage } from "./mail-transport.server";

/**
 * Sends one outbox message unless it was already sent. The row lock makes a duplicate job wait
 * and then see `sent_at`; a failure rethrows so graphile-worker retries with backoff (its job row
 * keeps the error).
 */
export async function deliverQueuedEmail(tx: Tx, emailId: string) {
  const [email] = await tx.select().from(outboundEmails).where(eq(outboundEmails.id, emailId)).for("update");
  if (!email || email.sentAt) return email ? "already-sent" : "missing";
  try {
    await sendMessage({ id: email.id, to: email.to, subject: email.subject, text: email.textBody, html: email.htmlBody });
  } catch (error) {
    throw Object.assign(new Error(`mail ${emailId} to ${email.to} failed: ${(error as Error).message}`), { cause: error });
  }
  await tx
    .update(outboundEmails)
    .set({ sentAt: sql`now()`, attempts: sql`${outboundEmails.attempts} + 1`, lastError: null })
    .where(eq(outboundEmails.id, emailId));
  return "sent";
}
