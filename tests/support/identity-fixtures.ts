import { randomUUID } from "node:crypto";
import { createSession } from "~/domains/identity/sessions.server";
import { signUp } from "~/domains/identity/signup.server";
import { withSystem } from "~/utils/db.server";

export const WHO = { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36" };
export const PASSWORD = "correct horse battery";

/** A fresh user with their own organization, through the real sign-up service, and a session of theirs. */
export async function newAccount(label = "user", who = WHO) {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.test`;
  const result = await signUp({ email, name: `Test ${label}`, password: PASSWORD, organizationName: `${label} Builders` }, who);
  if (!result.created) throw new Error(`${email} already has an account`);
  const { userId, organizationId } = result.created;
  const { token } = await withSystem((tx) => createSession(tx, { userId, organizationId, ...who }));
  return { email, userId, organizationId, token };
}
