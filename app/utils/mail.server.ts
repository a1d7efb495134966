import { outboundEmails } from "@db/schema";
import type { Tx } from "./db.server";
import { enqueue } from "./jobs.server";

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Which message this is (verify_email, reset_password, invitation…), for logs and tests. */
  template: string;
}

/**
 * Writes the message to the outbox and enqueues its delivery in the caller's transaction: mail
 * goes out iff the change that caused it committed, and a failed send is retried by the worker.
 */
export async function queueEmail(tx: Tx, email: Email) {
  const [row] = await tx
    .insert(outboundEmails)
    .values({ to: email.to, subject: email.subject, textBody: email.text, htmlBody: email.html, template: email.template })
    .returning({ id: outboundEmails.id });
  await enqueue(tx, "mail__send", { emailId: row.id });
  return row.id;
}
