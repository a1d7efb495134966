import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { env, mailDir } from "./env.server";
import { logger } from "./logger.server";

export interface OutgoingMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: Buffer }[];
}

let smtp: Transporter | undefined;
let smtpUrl: string | undefined;
function smtpTransport(url: string) {
  if (!smtp || smtpUrl !== url) {
    smtp = nodemailer.createTransport(url);
    smtpUrl = url;
  }
  return smtp;
}

const fileTransport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });

/**
 * SMTP when SMTP_URL is set; otherwise the RFC 822 message is written to MAIL_DIR (default
 * ./.data/mail) and logged. The Message-ID is stable per outbox row so a retried send after a
 * crash can be recognised as the same message.
 */
export async function sendMessage(message: OutgoingMessage) {
  const config = env();
  const mail = {
    from: config.MAIL_FROM,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: `<${message.id}@secg-erp>`,
    ...(message.attachments ? { attachments: message.attachments } : {}),
  };
  if (config.SMTP_URL) {
    await smtpTransport(config.SMTP_URL).sendMail(mail);
    logger.info({ emailId: message.id, to: message.to, subject: message.subject }, "mail sent by SMTP");
    return;
  }
  const info = await fileTransport.sendMail(mail);
  const dir = mailDir();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${message.id}.eml`);
  await writeFile(file, info.message as Buffer);
  logger.info({ emailId: message.id, to: message.to, subject: message.subject, file }, "mail written to file (SMTP_URL unset)");
}
