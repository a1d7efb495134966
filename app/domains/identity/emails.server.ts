import type { Email } from "~/utils/mail.server";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

/** Plain text and HTML bodies of one message: a greeting, paragraphs and one action link. */
function compose(to: string, subject: string, template: string, lines: string[], action: { label: string; url: string }): Email {
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

export const verificationEmail = (to: string, name: string, url: string) =>
  compose(to, "Confirm your email address", "verify_email", [`Hello ${name},`, "Confirm your email address to finish setting up SECG ERP. The link works once and expires in 48 hours."], { label: "Confirm email", url });

export const resetPasswordEmail = (to: string, url: string) =>
  compose(to, "Reset your SECG ERP password", "reset_password", ["Someone asked to reset the password of this account.", "If it was you, choose a new password with the link below; it works once and expires in 60 minutes. If it was not, ignore this message: your password is unchanged."], { label: "Choose a new password", url });

export const invitationEmail = (to: string, organizationName: string, inviterName: string, roleLabel: string, url: string) =>
  compose(to, `${inviterName} invited you to ${organizationName} on SECG ERP`, "invitation", [`${inviterName} invited you to join ${organizationName} on SECG ERP as ${roleLabel}.`, "The invitation expires in 7 days."], { label: "Accept the invitation", url });
