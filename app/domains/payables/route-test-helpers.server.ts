/**
 * Calling route modules' loaders and actions directly in tests, the way Remix does: a member signed
 * in through the real login service (session cookie), working in a chosen organization, posting
 * forms with the session-bound CSRF token. Outcomes are read back as a status, a redirect target and
 * the data, whether the route returned or threw.
 */
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { attemptLogin } from "~/domains/identity/login.server";
import { setActiveOrganization } from "~/domains/identity/sessions.server";
import { getIdentity } from "~/utils/auth.server";
import { CSRF_FIELD } from "~/utils/csrf";
import { csrfToken } from "~/utils/csrf.server";
import { withSystem } from "~/utils/db.server";
import { setSessionCookie } from "~/utils/session.server";
import { PASSWORD, WHO } from "../../../tests/support/identity-fixtures";

const ORIGIN = "http://localhost";
const context = { requestId: "route-test", cspNonce: "route-test" } satisfies AppLoadContext;

export type SignedIn = Awaited<ReturnType<typeof signIn>>;

/** Signs `email` in (password of tests/support/identity-fixtures) and makes `organizationId` the session's organization. */
export async function signIn(email: string, organizationId: string) {
  const login = await attemptLogin(email, PASSWORD, WHO);
  if (!login.ok) throw new Error(`${email} could not sign in: ${login.message}`);
  const cookie = (await setSessionCookie(login.token)).split(";")[0];
  const get = (path: string) => new Request(`${ORIGIN}${path}`, { headers: { Cookie: cookie } });
  const identity = await getIdentity(get("/"));
  if (!identity) throw new Error("no session after login");
  await withSystem((tx) => setActiveOrganization(tx, identity.sessionId, organizationId));

  /** A urlencoded form post carrying the CSRF token of this session (unless `fields` sets its own). */
  async function post(path: string, fields: Record<string, string>) {
    const body = new URLSearchParams({ [CSRF_FIELD]: await csrfToken(get(path)), ...fields });
    return new Request(`${ORIGIN}${path}`, { method: "POST", body, headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" } });
  }

  /** The same as multipart/form-data (pages with an upload post that way). */
  async function postMultipart(path: string, fields: Record<string, string>) {
    const body = new FormData();
    body.set(CSRF_FIELD, await csrfToken(get(path)));
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    return new Request(`${ORIGIN}${path}`, { method: "POST", body, headers: { Cookie: cookie } });
  }

  return { get, post, postMultipart };
}

export type Outcome = { status: number; location: string | null; data: unknown };

type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };
const isDataWithInit = (value: unknown): value is DataWithInit => typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";

function outcomeOf(value: unknown): Outcome {
  if (value instanceof Response) return { status: value.status, location: value.headers.get("Location"), data: value };
  if (isDataWithInit(value)) return { status: value.init?.status ?? 200, location: null, data: value.data };
  return { status: 200, location: null, data: value };
}

/** Runs a route's loader or action with `request` (and URL `params`); a thrown Response is an outcome too. */
export async function run(
  handler: (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown,
  request: Request,
  params: Record<string, string> = {},
): Promise<Outcome> {
  try {
    return outcomeOf(await handler({ request, params, context }));
  } catch (thrown) {
    if (thrown instanceof Response) return outcomeOf(thrown);
    throw thrown;
  }
}

/** The form-level error messages of a 400/409 reply (conform's `error[""]`). */
export const formErrors = (outcome: Outcome) => ((outcome.data as { error?: Record<string, string[] | null> } | undefined)?.error?.[""] ?? []) as string[];

/** The messages on one field of a 400/409 reply. */
export const fieldErrors = (outcome: Outcome, field: string) => ((outcome.data as { error?: Record<string, string[] | null> } | undefined)?.error?.[field] ?? []) as string[];
