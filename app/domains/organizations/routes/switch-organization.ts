import type { ActionFunctionArgs } from "react-router";
import { redirect } from "react-router";
import { setActiveOrganization } from "~/domains/identity/sessions.server";
import { requireUser, safeRedirectPath } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withSystem } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";

export const loader = () => redirect("/");

/** Changes the session's active organization to one the user belongs to (else 403). */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const identity = await requireUser(request);
  const target = identity.organizations.find((o) => o.id === form.get("organizationId"));
  if (!target) throw new Response("You are not a member of that organization.", { status: 403 });
  await withSystem((tx) => setActiveOrganization(tx, identity.sessionId, target.id));
  // A record page of the old organization would 404 in the new one: those go home instead.
  const path = safeRedirectPath(form.get("redirectTo"));
  const back = /[0-9a-f]{8}-[0-9a-f]{4}-/i.test(path) ? "/" : path;
  return redirectWithFlash(back, { kind: "info", message: `Now working in ${target.name}.` });
}
