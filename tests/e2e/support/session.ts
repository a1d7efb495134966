/**
 * Signing in for the e2e specs: through the UI (a Page, works with JavaScript on or off) and over
 * HTTP (GET the form → its csrf token → POST), plus unique test identities.
 */
import { randomUUID } from "node:crypto";
import { expect, request, test, type APIRequestContext, type APIResponse, type Page, type TestInfo } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password";

/** The server under test (playwright.config.ts `use.baseURL`). */
export function baseURL(): string {
  const url = test.info().project.use.baseURL;
  if (!url) throw new Error("playwright.config.ts sets no baseURL");
  return url.replace(/\/$/, "");
}

/** A fresh address per call, run and project: specs never collide with each other or a rerun. */
export function uniqueEmail(label: string, testInfo: TestInfo = test.info()): string {
  const project = testInfo.project.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase();
  return `${label}-${project}-${Date.now()}-${randomUUID().slice(0, 8)}@e2e.test`;
}

export interface NewAccount {
  name: string;
  email: string;
  password: string;
  organizationName: string;
}

export function newAccount(label: string, testInfo: TestInfo = test.info()): NewAccount {
  const email = uniqueEmail(label, testInfo);
  const tag = email.split("@")[0].split("-").slice(-2).join("-");
  return { name: `E2E ${label} ${tag}`, email, password: `pw-${randomUUID()}`, organizationName: `E2E ${label} Org ${tag}` };
}

// ---------------------------------------------------------------------------------------------
// Browser

/** Signs in on /login and waits to leave it (to `redirectTo`, else "/"). */
export async function signInUI(page: Page, email: string, password = DEMO_PASSWORD, redirectTo?: string) {
  await page.goto(redirectTo ? `/login?redirectTo=${encodeURIComponent(redirectTo)}` : "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Fills and submits /signup (does not wait: the caller asserts where it lands). */
export async function submitSignupUI(page: Page, account: Partial<NewAccount>) {
  if (!/\/signup$/.test(new URL(page.url()).pathname)) await page.goto("/signup");
  await page.getByLabel("Your name").fill(account.name ?? "");
  await page.getByLabel("Work email").fill(account.email ?? "");
  await page.getByLabel("Password").fill(account.password ?? "");
  await page.getByLabel("Company name").fill(account.organizationName ?? "");
  await page.getByRole("button", { name: "Create account" }).click();
}

/** The header's "Sign out" (a POST form). */
export async function signOutUI(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
}

// ---------------------------------------------------------------------------------------------
// HTTP

/** The csrf token of a page: a form's hidden input, else the root loader's data. */
export function csrfFrom(html: string): string | null {
  return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? /"csrfToken":"([^"]+)"/.exec(html)?.[1] ?? null;
}

export type FormFields = Record<string, string>;

/**
 * One HTTP client (its own cookie jar) that posts forms the way the browser does: same-origin
 * Origin header, urlencoded (or multipart) body, the csrf token of its current session, and no
 * redirect following, so specs see the 303 / 403 / 400 the action returned.
 */
export class HttpClient {
  private constructor(
    readonly api: APIRequestContext,
    readonly origin: string,
  ) {}

  static async create(extraHTTPHeaders?: Record<string, string>): Promise<HttpClient> {
    const origin = baseURL();
    return new HttpClient(await request.newContext({ baseURL: origin, extraHTTPHeaders }), origin);
  }

  /** A client signed in as `email` (asserts the 303 away from /login). */
  static async signedIn(email: string, password = DEMO_PASSWORD): Promise<HttpClient> {
    const client = await HttpClient.create();
    const response = await client.login(email, password);
    expect(response.status(), `sign-in as ${email}`).toBe(303);
    return client;
  }

  get(path: string, options: { maxRedirects?: number } = {}) {
    return this.api.get(path, { maxRedirects: options.maxRedirects ?? 0 });
  }

  /** GETs a page and returns its HTML (asserting 200). */
  async html(path: string): Promise<string> {
    const response = await this.get(path);
    expect(response.status(), `GET ${path}`).toBe(200);
    return response.text();
  }

  /** The token this client's forms carry now (it changes when the session does). */
  async csrf(path = "/login"): Promise<string> {
    const response = await this.get(path, { maxRedirects: 5 });
    const token = csrfFrom(await response.text());
    expect(token, `csrf token on ${path}`).toBeTruthy();
    return token!;
  }

  /**
   * POSTs a form. `csrf`: undefined → a fresh valid token, null → none sent, a string → that one.
   */
  async post(
    path: string,
    fields: FormFields,
    options: { csrf?: string | null; multipart?: boolean; headers?: Record<string, string> } = {},
  ): Promise<APIResponse> {
    const token = options.csrf === undefined ? await this.csrf() : options.csrf;
    // The token first: multipart forms are refused unless it is their first part (PostForm renders it first).
    const body = token === null ? fields : { csrf: token, ...fields };
    return this.api.post(path, {
      ...(options.multipart ? { multipart: body } : { form: body }),
      headers: { Origin: this.origin, ...options.headers },
      maxRedirects: 0,
    });
  }

  login(email: string, password = DEMO_PASSWORD, redirectTo = "/") {
    return this.post("/login", { email, password, redirectTo });
  }

  signup(account: NewAccount) {
    const { name, email, password, organizationName } = account;
    return this.post("/signup", { name, email, password, organizationName });
  }

  logout() {
    return this.post("/logout", {});
  }

  /** Cookie value by name from this client's jar. */
  async cookie(name: string): Promise<string | undefined> {
    return (await this.api.storageState()).cookies.find((c) => c.name === name)?.value;
  }

  dispose() {
    return this.api.dispose();
  }
}

/** Every Set-Cookie header of a response (Playwright joins them with "\n" in headers()). */
export const setCookies = (response: APIResponse) =>
  response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);

/** Text of a page's <h1> headings and role="alert" messages, for readable assertions. */
export const textOf = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
