import { cookieSecure, env, isLocalHostname, type Env } from "./env.server";

/**
 * The page was reached over plain HTTP under a host name other than localhost while cookies are
 * Secure: the browser drops the CSRF and session cookies, so every sign-in would fail with the
 * CSRF 403. Returns the origin to name in the explanation, or null. (Behind a TLS proxy the app
 * sees HTTPS only when TRUST_PROXY lets it believe X-Forwarded-Proto; the hint says so too.)
 */
export function plainHttpProblem(request: Request, e: Env = env()): { origin: string } | null {
  if (!cookieSecure(e)) return null;
  const url = new URL(request.url);
  if (url.protocol !== "http:" || isLocalHostname(url.hostname)) return null;
  return { origin: url.origin };
}

/** The form error a refused sign-in (or sign-up) post shows instead of the bare CSRF 403. */
export const PLAIN_HTTP_REFUSAL =
  "Your browser did not send this site's cookies back: it was opened over plain HTTP while the server's cookies are Secure. See the note above.";
