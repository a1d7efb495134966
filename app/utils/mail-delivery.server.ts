import { and, eq, isNotNull, lt, sql } from "drizzle-orm";
import { outboundEmails } from "@db/schema";
import type { Tx } from "./db.server";
import { MAIL_BODY } from "./mail.server";
import { sendMessage } from "./mail-transport.server";
import { unseal } from "./sealed.server";
import { objectStorage } from "./storage.server";

/** Days a delivered message's row (recipient, subject, template, times) is kept for support. */
export const DELIVERED_MAIL_KEEP_DAYS = 30;

/**
 * Sends one outbox message unless it was already sent. The row lock makes a duplicate job wait
 * and then see `sent_at`; a failure rethrows so graphile-worker retries with backoff (its job row
 * keeps the error). Once sent, the (sealed) bodies are emptied: the links in them stay live for a
 * while and nothing needs them any more.
 */
export async function deliverQueuedEmail(tx: Tx, emailId: string) {
  const [email] = await tx.select().from(outboundEmails).where(eq(outboundEmails.id, emailId)).for("update");
  if (!email || email.sentAt) return email ? "already-sent" : "missing";
  try {
    const attachments = email.attachmentKey ? [{ filename: email.attachmentName ?? "attachment", content: await objectStorage().getBuffer(email.attachmentKey) }] : undefined;
    await sendMessage({ id: email.id, to: email.to, subject: email.subject, text: unseal(MAIL_BODY, email.textBody), html: unseal(MAIL_BODY, email.htmlBody), attachments });
  } catch (error) {
    throw Object.assign(new Error(`mail ${emailId} to ${email.to} failed: ${(error as Error).message}`), { cause: error });
  }
  await tx
    .update(outboundEmails)
    .set({ sentAt: sql`now()`, attempts: sql`${outboundEmails.attempts} + 1`, lastError: null, textBody: "", htmlBody: "" })
    .where(eq(outboundEmails.id, emailId));
  return "sent";
}

/** Deletes messages delivered more than DELIVERED_MAIL_KEEP_DAYS ago (idempotent); returns how many. */
export async function pruneDeliveredMail(tx: Tx) {
  const gone = await tx
    .delete(outboundEmails)
    .where(and(isNotNull(outboundEmails.sentAt), lt(outboundEmails.sentAt, sql`now() - make_interval(days => ${DELIVERED_MAIL_KEEP_DAYS})`)))
    .returning({ id: outboundEmails.id });
  return gone.length;
}
