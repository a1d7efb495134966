import { outboundEmails } from "@db/schema";
import type { Tx } from "./db.server";
import { enqueue } from "./jobs.server";
import { seal } from "./sealed.server";

export interface Email {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Which message this is (verify_email, reset_password, invitation…), for logs and tests. */
  template: string;
  /** A file already in object storage, attached when the message is sent (a scheduled view's export). */
  attachment?: { key: string; name: string };
}

/** Sealing purpose of outbox bodies (app/utils/sealed.server.ts). */
export const MAIL_BODY = "outbound_emails.body";

/**
 * Writes the message to the outbox and enqueues its delivery in the caller's transaction: mail
 * goes out iff the change that caused it committed, and a failed send is retried by the worker.
 * The bodies are sealed: the links they carry are live secrets, and the table is global.
 */
export async function queueEmail(tx: Tx, email: Email) {
  const [row] = await tx
    .insert(outboundEmails)
    .values({ to: email.to, subject: email.subject, textBody: seal(MAIL_BODY, email.text), htmlBody: seal(MAIL_BODY, email.html), template: email.template, attachmentKey: email.attachment?.key ?? null, attachmentName: email.attachment?.name ?? null })
    .returning({ id: outboundEmails.id });
  await enqueue(tx, "mail__send", { emailId: row.id });
  return row.id;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/** Plain text and HTML bodies of one message: paragraphs and one action link (HTML-escaped). */
export function composeEmail(to: string, subject: string, template: string, lines: string[], action: { label: string; url: string }): Email {
  const text = [...lines, "", `${action.label}: ${action.url}`, "", "— SECG ERP"].join("\n");
  const html = [
    `<div style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#0f172a">`,
    ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    `<p><a href="${escapeHtml(action.url)}" style="background:#1e3a8a;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>`,
    `<p style="color:#64748b;font-size:13px">Or paste this link into your browser: ${escapeHtml(action.url)}</p>`,
    `</div>`,
  ].join("\n");
  return { to, subject, template, text, html };
}
