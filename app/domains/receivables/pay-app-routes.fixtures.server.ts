/**
 * Route-level test support: real Requests signed in through the login service (session cookie)
 * carrying the session's CSRF token, and the arguments a route module's loader/action receives.
 * Plus a project billing a $100,000.00 contract (10% retainage) on two schedule-of-values lines.
 */
import { projects } from "@db/schema";
import { contractSchema } from "~/domains/contracts/contracts.schema";
import { saveContract } from "~/domains/contracts/contracts.server";
import { addSovLine } from "~/domains/contracts/sov.server";
import { attemptLogin } from "~/domains/identity/login.server";
import { csrfToken } from "~/utils/csrf.server";
import { CSRF_FIELD } from "~/utils/csrf";
import { withTenant, type Tx } from "~/utils/db.server";
import { resetEnv } from "~/utils/env.server";
import { resetSessionCookie, setSessionCookie } from "~/utils/session.server";
import { newAccount, PASSWORD, WHO } from "../../../tests/support/identity-fixtures";

/** Plain (non-__Host-) cookie names, as in development. Call in beforeAll. */
export function useDevelopmentCookies() {
  process.env.COOKIE_SECURE = "false";
  resetEnv();
  resetSessionCookie();
}

export type SignedIn = Awaited<ReturnType<typeof signIn>>;

/** GET and form POST Requests of a signed-in user, as a browser with JavaScript off sends them. */
export async function signIn(email: string, password = PASSWORD) {
  const login = await attemptLogin(email, password, WHO);
  if (!login.ok) throw new Error(login.message);
  const cookie = (await setSessionCookie(login.token)).split(";")[0];
  const url = (path: string) => `http://localhost${path}`;
  const get = (path: string) => new Request(url(path), { headers: { Cookie: cookie } });
  const token = await csrfToken(get("/"));
  const post = (path: string, fields: Record<string, string>) =>
    new Request(url(path), {
      method: "POST",
      body: new URLSearchParams({ [CSRF_FIELD]: token, ...fields }),
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost", "Sec-Fetch-Site": "same-origin" },
    });
  return { get, post };
}

/** What Remix passes a loader or action. */
export const routeArgs = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: { requestId: "test", cspNonce: "test" } });

/**
 * A route's answer, whether returned or thrown: a Response (redirect, 404 …) or data() with a
 * status (a form re-rendered with its errors). `formErrors` are the form-level messages.
 */
export async function answer(run: () => Promise<unknown>) {
  const result = await run().catch((error: unknown) => error);
  if (result instanceof Response) return { status: result.status, location: result.headers.get("Location"), body: await result.text(), formErrors: [] as string[], fieldErrors: {} };
  if (result instanceof Error) throw result;
  const wrapped = result as { type?: string; data?: unknown; init?: { status?: number } | null };
  const isData = wrapped?.type === "DataWithResponseInit";
  const payload = (isData ? wrapped.data : result) as { error?: Record<string, string[] | null> } | undefined;
  const { "": formErrors, ...fieldErrors } = payload?.error ?? {};
  return { status: isData ? (wrapped.init?.status ?? 200) : 200, location: null, body: payload, formErrors: formErrors ?? [], fieldErrors };
}

/** A new organization (its owner signed up) with a project whose contract has two SOV lines: Structure 60,000 and Finishes 40,000. */
export async function billingProject(label: string) {
  const account = await newAccount(label);
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant({ organizationId: account.organizationId, userId: account.userId }, fn);
  const projectId = await run(async (tx) => {
    const [project] = await tx.insert(projects).values({ organizationId: account.organizationId, jobNumber: "2601", name: "Harbor school" }).returning();
    await saveContract(tx, project.id, contractSchema.parse({ intent: "save-contract", ownerName: "School district", originalSum: "100,000.00", retainagePercent: "10" }));
    await addSovLine(tx, project.id, { version: 1, description: "Structure", scheduledValue: "60000.00" });
    await addSovLine(tx, project.id, { version: 2, description: "Finishes", scheduledValue: "40000.00" });
    return project.id;
  });
  return { ...account, run, projectId };
}
