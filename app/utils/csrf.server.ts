import { getIdentity } from "./auth.server";
import { cookieSecure, sessionSecret } from "./env.server";
import { hmac, randomToken, safeEqual } from "./secrets.server";
import { CSRF_FIELD } from "./csrf";

/**
 * CSRF tokens are bound to the session when there is one, else to an anonymous random cookie that
 * server.ts sets on every response lacking it (login, sign-up and reset forms post before a
 * session exists). server.ts also refuses cross-site writes by Origin / Sec-Fetch-Site.
 */
export const csrfCookieName = () => (cookieSecure() ? "__Host-secg_csrf" : "secg_csrf");

const ANON = /^[A-Za-z0-9_-]{43}$/;

function readAnonCookie(cookieHeader: string | null | undefined) {
  const name = csrfCookieName();
  for (const part of (cookieHeader ?? "").split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name && ANON.test(rest.join("="))) return rest.join("=");
  }
  return null;
}

/** For server.ts: the Cookie header to hand to React Router and the Set-Cookie to send, if new. */
export function ensureAnonCookie(cookieHeader: string | undefined) {
  if (readAnonCookie(cookieHeader)) return null;
  const value = randomToken();
  const attributes = `Path=/; HttpOnly; SameSite=Lax${cookieSecure() ? "; Secure" : ""}`;
  return {
    cookieHeader: [cookieHeader, `${csrfCookieName()}=${value}`].filter(Boolean).join("; "),
    setCookie: `${csrfCookieName()}=${value}; ${attributes}`,
  };
}

async function binding(request: Request) {
  const identity = await getIdentity(request);
  if (identity) return `session:${identity.sessionId}`;
  const anon = readAnonCookie(request.headers.get("Cookie"));
  return anon ? `anonymous:${anon}` : null;
}

export async function csrfToken(request: Request) {
  const bound = await binding(request);
  return bound ? hmac(sessionSecret(), `csrf:${bound}`) : "";
}

export function csrfRefusal() {
  return new Response("This form has expired or did not come from this site. Reload the page and try again.", {
    status: 403,
    statusText: "Forbidden",
  });
}

/** Throws 403 unless the form carries the token bound to this session (or anonymous cookie). */
export async function verifyCsrf(request: Request, form: FormData) {
  const sent = form.get(CSRF_FIELD);
  const bound = await binding(request);
  if (typeof sent !== "string" || !bound || !safeEqual(sent, hmac(sessionSecret(), `csrf:${bound}`))) throw csrfRefusal();
}

/** The body of a urlencoded form post, after the CSRF check. Use it in every action. */
export async function readForm(request: Request) {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw csrfRefusal();
  }
  await verifyCsrf(request, form);
  return form;
}
