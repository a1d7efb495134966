import { redirect } from "react-router";
import { findLiveIdentity } from "~/domains/identity/sessions.server";
import type { TenantContext } from "./db.server";
import { requestScope } from "./logger.server";
import { can, type PermissionKey, type Role } from "./permissions";
import type { Locale } from "./org-format";
import { readSessionToken } from "./session.server";
import { timed } from "./server-timing.server";

export interface OrganizationChoice {
  id: string;
  name: string;
  role: Role;
  timeZone: string;
  locale: Locale;
}

export interface Identity {
  sessionId: string;
  user: { id: string; email: string; name: string; emailVerified: boolean };
  organizations: OrganizationChoice[];
  /** The organization the session is working in; null when the user belongs to none. */
  active: OrganizationChoice | null;
}

export interface Member extends Identity {
  active: OrganizationChoice;
  tenant: TenantContext & { organizationId: string; userId: string };
}

async function loadIdentity(request: Request): Promise<Identity | null> {
  const token = await readSessionToken(request);
  if (!token) return null;
  const session = await timed("identity", () => findLiveIdentity(token));
  if (!session) return null;
  const organizations = session.organizations;
  const active = organizations.find((o) => o.id === session.activeOrganizationId) ?? organizations[0] ?? null;
  return {
    sessionId: session.sessionId,
    user: { id: session.userId, email: session.email, name: session.name, emailVerified: session.emailVerifiedAt != null },
    organizations,
    active,
  };
}

/**
 * Root and route loaders of one request share one lookup. React Router hands each loader its own Request
 * object, so a GET's lookup is kept per request scope (server/app.ts opens one per HTTP request);
 * a POST keeps it per Request object, so the loaders that run after an action (which may have
 * signed out or switched organization) look again.
 */
const perRequest = new WeakMap<object, Promise<Identity | null>>();

export function getIdentity(request: Request): Promise<Identity | null> {
  const scope = request.method === "GET" || request.method === "HEAD" ? requestScope.getStore() : undefined;
  const key = scope ?? request;
  let found = perRequest.get(key);
  if (!found) {
    found = loadIdentity(request);
    perRequest.set(key, found);
  }
  return found;
}

/** A local path to come back to after signing in; anything else becomes "/". */
// The origin a target is resolved against; only targets that stay on it are followed.
const OWN_ORIGIN = "http://app.invalid";
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Where to go back to after sign-in or an organization switch: `to` resolved against the app's own
 * origin and kept only when it stays there and has no control characters (URL parsing drops tabs
 * and newlines, so "/\t/evil.test" would become "//evil.test"; a newline in Location is a 500),
 * else `fallback`. The result is the URL's own serialisation: always a valid header value.
 */
export function safeRedirectPath(to: unknown, fallback = "/") {
  if (typeof to !== "string" || !to.startsWith("/") || CONTROL.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  return url.origin === OWN_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : fallback;
}

function loginRedirect(request: Request) {
  const url = new URL(request.url);
  const back = request.method === "GET" ? `${url.pathname}${url.search}` : url.pathname;
  return redirect(`/login?redirectTo=${encodeURIComponent(back)}`, { status: 303 });
}

export async function requireUser(request: Request): Promise<Identity> {
  const identity = await getIdentity(request);
  if (!identity) throw loginRedirect(request);
  return identity;
}

export function forbidden(message = "You do not have permission to do that.") {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

/**
 * Signed in, working in an organization, and allowed `key` there (403 otherwise). The returned
 * `tenant` is what withTenant needs.
 */
export async function requireMember(request: Request, key: PermissionKey): Promise<Member> {
  const identity = await requireUser(request);
  if (!identity.active) throw redirect("/", { status: 303 });
  if (!can(identity.active.role, key)) throw forbidden();
  return {
    ...identity,
    active: identity.active,
    tenant: { organizationId: identity.active.id, userId: identity.user.id },
  };
}
