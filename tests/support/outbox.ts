import { MAIL_BODY } from "~/utils/mail.server";
import { unseal } from "~/utils/sealed.server";

/** An outbox row as the worker would send it: its sealed text_body/html_body opened. */
export const opened = <T extends Record<string, unknown>>(row: T): T => ({
  ...row,
  ...(typeof row.text_body === "string" ? { text_body: unseal(MAIL_BODY, row.text_body) } : {}),
  ...(typeof row.html_body === "string" ? { html_body: unseal(MAIL_BODY, row.html_body) } : {}),
});
