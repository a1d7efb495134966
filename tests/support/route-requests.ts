/**
 * Calling route modules' loaders and actions directly in tests, the way React Router does: a member signed
 * in through the real login service (session cookie), optionally working in a chosen organization,
 * posting forms with the session-bound CSRF token as a browser with JavaScript off sends them.
 * A route's answer is read back as a status, a redirect target, the data and the form's error
 * messages, whether the route returned it or threw it.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "react-router";
import { afterAll, beforeAll } from "vitest";
import { attemptLogin } from "~/domains/identity/login.server";
import { setActiveOrganization } from "~/domains/identity/sessions.server";
import { getIdentity } from "~/utils/auth.server";
import { CSRF_FIELD } from "~/utils/csrf";
import { csrfToken } from "~/utils/csrf.server";
import { withSystem } from "~/utils/db.server";
import { resetEnv } from "~/utils/env.server";
import { resetSessionCookie, setSessionCookie } from "~/utils/session.server";
import { PASSWORD, WHO } from "./identity-fixtures";

const ORIGIN = "http://localhost";
const SAME_SITE = { Origin: ORIGIN, "Sec-Fetch-Site": "same-origin" };

/** Plain (non-__Host-) cookie names, as in development, for the file or describe block it is called in. */
export function useDevelopmentCookies() {
  const before = process.env.COOKIE_SECURE;
  const reset = () => {
    resetEnv();
    resetSessionCookie();
  };
  beforeAll(() => {
    process.env.COOKIE_SECURE = "false";
    reset();
  });
  afterAll(() => {
    if (before === undefined) delete process.env.COOKIE_SECURE;
    else process.env.COOKIE_SECURE = before;
    reset();
  });
}

export type SignedIn = Awaited<ReturnType<typeof signIn>>;

/**
 * Signs `email` in (by default with the password of tests/support/identity-fixtures) and, given
 * `organizationId`, makes it the session's active organization.
 */
export async function signIn(email: string, options: { password?: string; organizationId?: string } = {}) {
  const login = await attemptLogin(email, options.password ?? PASSWORD, WHO);
  if (!login.ok) throw new Error(`${email} could not sign in: ${login.message}`);
  const cookie = (await setSessionCookie(login.token)).split(";")[0];
  const get = (path = "/") => new Request(`${ORIGIN}${path}`, { headers: { Cookie: cookie } });
  const identity = await getIdentity(get());
  if (!identity) throw new Error("no session after login");
  if (options.organizationId) await withSystem((tx) => setActiveOrganization(tx, identity.sessionId, options.organizationId!));
  const token = await csrfToken(get());

  /** A urlencoded form post carrying this session's CSRF token (unless `fields` sets its own). */
  const post = (path: string, fields: Record<string, string>) =>
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      body: new URLSearchParams({ [CSRF_FIELD]: token, ...fields }),
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", ...SAME_SITE },
    });

  /** The same as multipart/form-data (forms with an upload post that way); a File value is an uploaded file, a list several. */
  const postMultipart = (path: string, fields: Record<string, string | Blob | Blob[]>) => {
    const body = new FormData();
    for (const [name, value] of Object.entries({ [CSRF_FIELD]: token, ...fields })) for (const one of [value].flat()) body.append(name, one);
    return new Request(`${ORIGIN}${path}`, { method: "POST", body, headers: { Cookie: cookie, ...SAME_SITE } });
  };

  return { get, post, postMultipart };
}

type RouteArgs = LoaderFunctionArgs & ActionFunctionArgs;

/**
 * What React Router passes a loader or action; the context carries what server.ts's getLoadContext
 * does. No route reads `pattern` (a tracing aid), so it stays empty here.
 */
export const routeArgs = (request: Request, params: Record<string, string> = {}): RouteArgs => ({
  request,
  url: new URL(request.url),
  pattern: "",
  params,
  context: { requestId: randomUUID(), cspNonce: randomBytes(16).toString("base64") } satisfies AppLoadContext,
});

export type Answer = {
  status: number;
  location: string | null;
  /** The Response itself (body unread) when the route answered with one, else its data. */
  data: unknown;
  /** Form-level messages of a re-rendered form (conform's `error[""]`). */
  formErrors: string[];
  /** Messages by field name of a re-rendered form. */
  fieldErrors: Record<string, string[]>;
};

type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };
const isDataWithInit = (value: unknown): value is DataWithInit =>
  typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";

function answerOf(value: unknown): Answer {
  if (value instanceof Response) return { status: value.status, location: value.headers.get("Location"), data: value, formErrors: [], fieldErrors: {} };
  const status = isDataWithInit(value) ? (value.init?.status ?? 200) : 200;
  const data = isDataWithInit(value) ? value.data : value;
  const errors = (data as { error?: Record<string, string[] | null> } | null | undefined)?.error ?? {};
  const { "": formErrors, ...fields } = errors;
  const fieldErrors = Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string[]] => entry[1] !== null));
  return { status, location: null, data, formErrors: formErrors ?? [], fieldErrors };
}

/** Runs `call` (a loader, an action, a guard …); a thrown Response is an answer too, anything else thrown fails the test. */
export async function answer(call: () => unknown): Promise<Answer> {
  try {
    return answerOf(await call());
  } catch (thrown) {
    if (thrown instanceof Response) return answerOf(thrown);
    throw thrown;
  }
}

/** Calls a route's loader or action with `request` and URL `params`, and reads its answer. */
export const callRoute = (handler: (args: RouteArgs) => unknown, request: Request, params: Record<string, string> = {}) =>
  answer(() => handler(routeArgs(request, params)));
