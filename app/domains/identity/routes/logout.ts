import type { ActionFunctionArgs } from "react-router";
import { redirect } from "react-router";
import { getIdentity } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withSystem } from "~/utils/db.server";
import { requestInfo } from "~/utils/request-info.server";
import { clearSessionCookie } from "~/utils/session.server";
import { recordAuthEvent } from "../auth-events.server";
import { revokeSession } from "../sessions.server";

export const loader = () => redirect("/");

export async function action({ request }: ActionFunctionArgs) {
  await readForm(request);
  const identity = await getIdentity(request);
  if (identity) {
    await withSystem(async (tx) => {
      await revokeSession(tx, identity.user.id, identity.sessionId, "logout");
      await recordAuthEvent(tx, "logout", { userId: identity.user.id, email: identity.user.email, ...requestInfo(request) });
    });
  }
  return redirect("/login", { status: 303, headers: { "Set-Cookie": await clearSessionCookie() } });
}
