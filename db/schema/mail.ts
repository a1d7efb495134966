import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./_shared";

/**
 * The outbox: a message is written in the business transaction and sent by the mail__send job,
 * which marks it sent; a retry of a sent message does nothing. Global: sign-up and password-reset
 * mail exists outside any organization.
 */
export const outboundEmails = pgTable("outbound_emails", {
  id: uuid("id").primaryKey().defaultRandom(),
  to: text("to").notNull(),
  subject: text("subject").notNull(),
  textBody: text("text_body").notNull(),
  htmlBody: text("html_body").notNull(),
  template: text("template").notNull(),
  /** An attached file in object storage (a scheduled view's export) and the name it is sent under. */
  attachmentKey: text("attachment_key"),
  attachmentName: text("attachment_name"),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  sentAt: timestamp("sent_at", { withTimezone: true }),
  createdAt: createdAt(),
});
