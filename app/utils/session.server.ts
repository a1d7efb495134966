import { createCookie, type Cookie } from "react-router";
import { cookieSecure, env } from "./env.server";

/**
 * The session cookie carries only the random token; everything else is in the sessions row.
 * `__Host-` (Secure, path /, no Domain) whenever cookies are Secure, i.e. in production.
 */
let cookie: Cookie | undefined;
function sessionCookie() {
  const secure = cookieSecure();
  cookie ??= createCookie(secure ? "__Host-secg_session" : "secg_session", {
    httpOnly: true,
    secure,
    sameSite: "lax",
    path: "/",
    maxAge: env().SESSION_ABSOLUTE_HOURS * 3600,
  });
  return cookie;
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

export const setSessionCookie = (token: string) => sessionCookie().serialize(token);

export const clearSessionCookie = () => sessionCookie().serialize("", { maxAge: 0 });

/** Forget the cached cookie (tests change COOKIE_SECURE). */
export function resetSessionCookie() {
  cookie = undefined;
}
