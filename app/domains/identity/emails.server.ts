import { composeEmail as compose } from "~/utils/mail.server";

export const verificationEmail = (to: string, name: string, url: string) =>
  compose(to, "Confirm your email address", "verify_email", [`Hello ${name},`, "Confirm your email address to finish setting up SECG ERP. The link works once and expires in 48 hours."], { label: "Confirm email", url });

export const resetPasswordEmail = (to: string, url: string) =>
  compose(to, "Reset your SECG ERP password", "reset_password", ["Someone asked to reset the password of this account.", "If it was you, choose a new password with the link below; it works once and expires in 60 minutes. If it was not, ignore this message: your password is unchanged."], { label: "Choose a new password", url });

export const invitationEmail = (to: string, organizationName: string, inviterName: string, roleLabel: string, url: string) =>
  compose(to, `${inviterName} invited you to ${organizationName} on SECG ERP`, "invitation", [`${inviterName} invited you to join ${organizationName} on SECG ERP as ${roleLabel}.`, "The invitation expires in 7 days."], { label: "Accept the invitation", url });

/** What /forgot-password mails an address that has no account (the reply on screen is the same either way). */
export const resetWithoutAccountEmail = (to: string, signupUrl: string) =>
  compose(to, "Reset your SECG ERP password", "reset_password_no_account", ["Someone asked to reset the password of a SECG ERP account for this address, but this address has no account.", "If it was you, you may have signed up with another address. If it was not, ignore this message."], { label: "Create an account", url: signupUrl });

/** What /signup mails the owner of an address that already has an account, instead of saying so on screen. */
export const signupAttemptEmail = (to: string, loginUrl: string) =>
  compose(to, "Someone tried to sign up with your address", "signup_existing_account", ["Someone tried to create a SECG ERP account with this address, which already has one.", "If it was you, sign in, or reset your password from the sign-in page. If it was not, ignore this message: nothing changed."], { label: "Sign in", url: loginUrl });
