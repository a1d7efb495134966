import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { createOrganization } from "~/domains/organizations/organizations.server";
import { withSystem, withTenant, type Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { queueEmail } from "~/utils/mail.server";
import { hashPassword } from "~/utils/password.server";
import { recordAuthEvent } from "./auth-events.server";
import { signupAttemptEmail, verificationEmail } from "./emails.server";
import type { signupSchema } from "./identity.schema";
import { issueUserToken } from "./tokens.server";
import { findUserByEmail, insertUser, isEmailTaken } from "./users.server";

type Who = { ip: string | null; userAgent: string | null };

/** Only an invitation (whose token proves the mailbox) may say that an address has an account. */
export const EMAIL_TAKEN = "An account with this email already exists. Sign in instead, or reset your password.";

/** Mails a fresh verification link to the user (inside the caller's transaction). */
export async function sendVerification(tx: Tx, user: { id: string; email: string; name: string }) {
  const token = await issueUserToken(tx, user.id, "verify_email");
  await queueEmail(tx, verificationEmail(user.email, user.name, `${appUrl()}/verify-email?token=${token}`));
}

/**
 * User, organization, owner membership and verification mail in one transaction. An address that
 * already has an account (checked first, and again by the unique index) creates nothing: its owner
 * is mailed instead, after the same password hashing, and the caller answers both the same way.
 * `created` is null then. The new user signs in with the password (the reply must not differ by
 * a session cookie).
 */
export async function signUp(input: z.output<typeof signupSchema>, who: Who) {
  const passwordHash = await hashPassword(input.password);
  const organizationId = randomUUID();
  const userId = randomUUID();
  try {
    if (await withSystem((tx) => findUserByEmail(tx, input.email))) return await mailExistingOwner(input.email);
    return await withTenant({ organizationId, userId }, async (tx) => {
      const user = await insertUser(tx, { id: userId, email: input.email, name: input.name, passwordHash });
      await createOrganization(tx, { id: organizationId, name: input.organizationName, ownerUserId: userId });
      await sendVerification(tx, user);
      await recordAuthEvent(tx, "signup", { userId, email: user.email, ...who });
      return { created: { userId, organizationId } };
    });
  } catch (error) {
    if (isEmailTaken(error)) return mailExistingOwner(input.email);
    throw error;
  }
}

async function mailExistingOwner(email: string) {
  await withSystem((tx) => queueEmail(tx, signupAttemptEmail(email.trim().toLowerCase(), `${appUrl()}/login`)));
  return { created: null };
}
