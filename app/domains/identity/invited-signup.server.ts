import { randomUUID } from "node:crypto";
import { acceptInvitationInTx, type InvitationView } from "~/domains/organizations/invitations.server";
import { withSystem, withTenant } from "~/utils/db.server";
import { hashPassword } from "~/utils/password.server";
import { recordAuthEvent } from "./auth-events.server";
import { EMAIL_TAKEN } from "./signup.server";
import { createSession } from "./sessions.server";
import { findUserByEmail, insertUser, isEmailTaken } from "./users.server";

type Who = { ip: string | null; userAgent: string | null };

/**
 * A new account for the invited address, joining the inviting organization in one transaction.
 * The email counts as verified: the token arrived in that mailbox.
 */
export async function signUpFromInvitation(invitation: InvitationView, input: { name: string; password: string }, who: Who) {
  if (await withSystem((tx) => findUserByEmail(tx, invitation.email))) return { ok: false as const, error: EMAIL_TAKEN };
  const passwordHash = await hashPassword(input.password);
  const userId = randomUUID();
  try {
    return await withTenant({ organizationId: invitation.organizationId, userId }, async (tx) => {
      await insertUser(tx, { id: userId, email: invitation.email, name: input.name, passwordHash, emailVerified: true });
      await acceptInvitationInTx(tx, invitation, userId);
      await recordAuthEvent(tx, "signup", { userId, email: invitation.email, ...who });
      const session = await createSession(tx, { userId, organizationId: invitation.organizationId, ...who });
      return { ok: true as const, token: session.token };
    });
  } catch (error) {
    if (isEmailTaken(error)) return { ok: false as const, error: EMAIL_TAKEN };
    throw error;
  }
}
