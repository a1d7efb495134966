import { randomUUID } from "node:crypto";
import { signUp } from "~/domains/identity/signup.server";

export const WHO = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36" };
export const PASSWORD = "correct horse battery";

/** A fresh user with their own organization, through the real sign-up service. */
export async function newAccount(label = "user", who = WHO) {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.test`;
  const result = await signUp({ email, name: `Test ${label}`, password: PASSWORD, organizationName: `${label} Builders` }, who);
  if (!result.ok) throw new Error(result.error);
  return { email, ...result };
}
