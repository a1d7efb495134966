import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { createOrganization } from "~/domains/organizations/organizations.server";
import { withSystem, withTenant, type Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { queueEmail } from "~/utils/mail.server";
import { hashPassword } from "~/utils/password.server";
import { recordAuthEvent } from "./auth-events.server";
import { verificationEmail } from "./emails.server";
import type { signupSchema } from "./identity.schema";
import { createSession } from "./sessions.server";
import { issueUserToken } from "./tokens.server";
import { findUserByEmail, insertUser, isEmailTaken } from "./users.server";

type Who = { ip: string | null; userAgent: string | null };

export const EMAIL_TAKEN = "An account with this email already exists. Sign in instead, or reset your password.";

/** Mails a fresh verification link to the user (inside the caller's transaction). */
export async function sendVerification(tx: Tx, user: { id: string; email: string; name: string }) {
  const token = await issueUserToken(tx, user.id, "verify_email");
  await queueEmail(tx, verificationEmail(user.email, user.name, `${appUrl()}/verify-email?token=${token}`));
}

/**
 * User, organization, owner membership, verification mail and the first session in one
 * transaction: a duplicate email (checked first, and again by the unique index) creates nothing.
 */
export async function signUp(input: z.output<typeof signupSchema>, who: Who) {
  if (await withSystem((tx) => findUserByEmail(tx, input.email))) return { ok: false as const, error: EMAIL_TAKEN };
  const passwordHash = await hashPassword(input.password);
  const organizationId = randomUUID();
  const userId = randomUUID();
  try {
    return await withTenant({ organizationId, userId }, async (tx) => {
      const user = await insertUser(tx, { id: userId, email: input.email, name: input.name, passwordHash });
      await createOrganization(tx, { id: organizationId, name: input.organizationName, ownerUserId: userId });
      await sendVerification(tx, user);
      await recordAuthEvent(tx, "signup", { userId, email: user.email, ...who });
      const session = await createSession(tx, { userId, organizationId, ...who });
      return { ok: true as const, userId, organizationId, token: session.token };
    });
  } catch (error) {
    if (isEmailTaken(error)) return { ok: false as const, error: EMAIL_TAKEN };
    throw error;
  }
}
