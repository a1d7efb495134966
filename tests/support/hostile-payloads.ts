/**
 * The pieces of the hostile-input fuzz (tests/integration/hostile-input.test.ts): what a browser
 * would post (forms scraped from the rendered HTML), which hostile values each field gets, and the
 * checks every answer must pass (no 5xx, no stack trace, no other tenant's data, no live markup).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { CSRF_FIELD } from "~/utils/csrf";
import { SUBMISSION_FIELD } from "~/utils/submissions";
import { csrfCookieName, csrfToken } from "~/utils/csrf.server";
import { flattenRoutes } from "./app-handler";
import { signIn } from "./route-requests";

// ---------------------------------------------------------------------------------------------
// Payloads

export const OVERSIZE = "A".repeat(100_000);
export const SQL_INJECTION = "' OR 1=1; drop table projects; --";
export const SCRIPT_TAG = "<script>alert(1)</script>";
/** Markup and a spreadsheet formula in one: stored as text, it must render escaped and export neutralised. */
export const MARKUP_AND_FORMULA = '<img src=x onerror=alert(1)>=HYPERLINK("http://evil","x")';
export const MONEY_PAYLOADS = ["-1e20", "99999999999999999999.99", "1e400", "NaN"];
export const DATE_PAYLOADS = ["2026-02-30", "0000-00-00", "0000-01-01", "9999-99-99"];
/** Dates of the right shape that PostgreSQL cannot hold or that do not exist (query filters, asOf). */
export const IMPOSSIBLE_DATES = ["0000-01-01", "10000-01-01", "2026-02-30"];
/** Text with a NUL byte, which PostgreSQL text cannot hold. */
export const NUL_TEXT = "a\u0000b";
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
/**
 * Forged keyset cursors (`?after=`): garbage, valid base64 of the wrong shape, and ones of the
 * right shape for `sort`/`dir` (another table's, or this one's) holding values no column casts to.
 */
export const forgedCursors = (sort: string, dir: string) => [
  "!!not-a-cursor",
  base64url({ a: 1 }),
  base64url([sort, dir, "0000-01-01", "not-a-uuid"]),
  base64url([sort, dir, NUL_TEXT, randomUUID()]),
  base64url([sort, dir, "1e400", NUL_TEXT]),
];
/** Return paths that leave the site once a URL parser has read them, or break a Location header. */
export const REDIRECT_PAYLOADS = ["/\t/evil.test", "/%09/evil.test", "/\n/evil.test", "/\r\n/evil.test", "/\v/evil.test", "//evil.test", "/\\evil.test", "https://evil.test"];
/** What must never appear in a page unescaped. */
export const LIVE_MARKUP = ["<script>alert(1)</script>", "<img src=x onerror"];

export type FieldKind = "text" | "money" | "number" | "date" | "id" | "email" | "choice" | "checkbox" | "password" | "file" | "version";

export interface Variant {
  /** Short label: the payload's name (oversize, wrong-type, sql, xss, markup-formula, money:…, date:…, id:…). */
  label: string;
  value: string | File;
}

const MONEY_NAME = /amount|sum$|value$|percent|rate$|thisperiod|storedmaterials|retainage$|budget|price|cost$|min(amount)?$|total$|^ftc/i;
const DATE_NAME = /(Date|On|At)$|^(date|start|end|due|asOf)$/;
/** Names ending in "Id" that are not record ids. */
const NOT_RECORD_ID = /^(taxId)$/;
const VERSION_NAME = /^(version|stamp)$/i;
/** Counters posted as text inputs (invoice and job "numbers" are text). */
const NUMBER_NAME = /^(stepNumber|lineNumber)$/;

/** What a field holds, from its element, input type and name. */
export function fieldKind(field: FormField): FieldKind {
  const name = field.name.split(".").pop() ?? field.name;
  if (field.type === "file") return "file";
  if (field.type === "password") return "password";
  if (field.type === "checkbox" || field.type === "radio") return "checkbox";
  if (VERSION_NAME.test(name)) return "version";
  if (/(^id|Id)$/.test(name) && !NOT_RECORD_ID.test(name)) return "id";
  if (field.type === "date" || (DATE_NAME.test(name) && field.type !== "select")) return "date";
  if (field.type === "email" || /email$/i.test(name)) return "email";
  if (field.element === "select") return "choice";
  if (field.type === "number" || NUMBER_NAME.test(name)) return "number";
  if (MONEY_NAME.test(name)) return "money";
  return "text";
}

const WRONG_TYPE: Record<FieldKind, string[]> = {
  text: [],
  money: ["abc"],
  number: ["abc"],
  version: ["abc", "-1", "99999999999999999999"],
  date: ["not-a-date"],
  id: ["not-a-uuid"],
  email: ["not-an-email"],
  choice: ["not-an-option"],
  checkbox: ["maybe"],
  password: [],
  file: ["abc"],
};

const MACHINE_KINDS = new Set<FieldKind>(["version", "id", "checkbox", "file"]);

/** The hostile values one field gets. `foreignId` is another tenant's id of the field's kind. */
export function variantsFor(field: FormField, foreignId: string | null): Variant[] {
  const kind = fieldKind(field);
  const out: Variant[] = [{ label: "oversize", value: OVERSIZE }];
  for (const value of WRONG_TYPE[kind]) out.push({ label: `wrong-type:${value.slice(0, 20)}`, value });
  if (kind === "money") for (const value of MONEY_PAYLOADS) out.push({ label: `money:${value}`, value });
  if (kind === "date") for (const value of DATE_PAYLOADS) out.push({ label: `date:${value}`, value });
  if (field.name === "redirectTo") for (const value of REDIRECT_PAYLOADS) out.push({ label: `redirect:${JSON.stringify(value)}`, value });
  if (kind === "id") {
    out.push({ label: "id:random-uuid", value: randomUUID() });
    if (foreignId) out.push({ label: "id:other-tenant", value: foreignId });
  }
  if (kind === "file") {
    out.push({ label: "file:text-as-image", value: new File(["not really an image"], "logo.png", { type: "image/png" }) });
    out.push({ label: "file:markup-name", value: new File(["x"], `${SCRIPT_TAG}.xlsx`, { type: "application/octet-stream" }) });
    out.push({ label: "file:empty", value: new File([], "empty.xlsx", { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }) });
  }
  out.push({ label: "sql", value: SQL_INJECTION });
  // Markup matters where a person's input is stored or shown again; a hidden version, a record id or
  // a checkbox get the SQL string and their wrong types, which refuse markup the same way.
  if (!MACHINE_KINDS.has(kind)) out.push({ label: "xss", value: SCRIPT_TAG });
  if (kind === "text") out.push({ label: "markup-formula", value: MARKUP_AND_FORMULA });
  return out;
}

/** Labels of the payloads a free-text field may legitimately store as data. */
export const TEXT_AS_DATA = new Set(["sql", "xss", "markup-formula"]);

// ---------------------------------------------------------------------------------------------
// Forms, scraped from rendered HTML

export interface FormField {
  name: string;
  element: "input" | "select" | "textarea";
  type: string;
  value: string;
  /** Checkboxes and radios: whether a browser would send it as rendered. */
  checked: boolean;
  options: string[];
}

export interface ScrapedForm {
  /** The URL the form posts to (its action, or the page). */
  action: string;
  multipart: boolean;
  /** The submit button's intent (name="intent"), if the form has several or a named one. */
  intent: string | null;
  fields: FormField[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };
export const decodeHtml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, code: string) =>
    code[0] === "#" ? String.fromCodePoint(code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : Number(code.slice(1))) : (ENTITIES[code] ?? whole),
  );

const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s/>])`, "i").exec(tag);
  return m ? decodeHtml(m[1] ?? "") : null;
};

/** Every POST form of a page, one entry per submit button that carries its own intent. */
export function scrapeForms(html: string, pageUrl: string): ScrapedForm[] {
  const forms: ScrapedForm[] = [];
  for (const [, open, inner] of html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/g)) {
    if ((attr(open, "method") ?? "get").toLowerCase() !== "post") continue;
    const action = attr(open, "action") || pageUrl;
    const multipart = attr(open, "enctype") === "multipart/form-data";
    const fields: FormField[] = [];
    for (const m of inner.matchAll(/<input\b([^>]*)>|<(select|textarea)\b([^>]*)>([\s\S]*?)<\/\2>/g)) {
      const element = (m[2] ?? "input") as FormField["element"];
      const tag = `<${element}${m[1] ?? m[3]}>`;
      const name = attr(tag, "name");
      // The harness sends its own CSRF token, and no submission token: a repeated token would turn
      // later accepted variants into repeats of the first (tests/integration/duplicate-submission.test.ts).
      if (!name || name === CSRF_FIELD || name === SUBMISSION_FIELD || attr(tag, "disabled") !== null) continue;
      const type = element === "input" ? (attr(tag, "type") ?? "text").toLowerCase() : element;
      if (type === "submit" || type === "button" || type === "reset") continue;
      const body = m[4] ?? "";
      const options = element === "select" ? [...body.matchAll(/<option\b([^>]*)>([^<]*)/g)].map((o) => attr(`<option${o[1]}>`, "value") ?? decodeHtml(o[2])) : [];
      const selected = element === "select" ? /<option\b([^>]*\sselected[^>]*)>([^<]*)/.exec(body) : null;
      const value =
        element === "select"
          ? selected
            ? (attr(`<option${selected[1]}>`, "value") ?? decodeHtml(selected[2]))
            : (options[0] ?? "")
          : element === "textarea"
            ? decodeHtml(body)
            : (attr(tag, "value") ?? (type === "checkbox" || type === "radio" ? "on" : ""));
      fields.push({ name, element, type, value, checked: attr(tag, "checked") !== null, options });
    }
    const buttons = [...inner.matchAll(/<button\b([^>]*)>/g)].map((b) => `<button${b[1]}>`).filter((b) => attr(b, "name") && attr(b, "value") !== null);
    if (buttons.length === 0) forms.push({ action, multipart, intent: fields.find((f) => f.name === "intent")?.value ?? null, fields });
    for (const button of buttons) {
      const name = attr(button, "name")!;
      const value = attr(button, "value")!;
      const withButton = [...fields.filter((f) => f.name !== name), { name, element: "input" as const, type: "hidden", value, checked: false, options: [] }];
      forms.push({ action, multipart, intent: name === "intent" ? value : (fields.find((f) => f.name === "intent")?.value ?? `${name}=${value}`), fields: withButton });
    }
  }
  return forms;
}

/** Names of the fields of a page's GET forms (table filters, report options). */
export function queryFieldNames(html: string): string[] {
  const names = new Set<string>();
  for (const [, open, inner] of html.matchAll(/(<form\b[^>]*>)([\s\S]*?)<\/form>/g)) {
    if ((attr(open, "method") ?? "get").toLowerCase() !== "get") continue;
    for (const m of inner.matchAll(/<(?:input|select|textarea)\b([^>]*)>/g)) {
      const name = attr(`<x${m[1]}>`, "name");
      if (name) names.add(name);
    }
  }
  return [...names];
}

/** Links on a page back to `pathname` that open another form (an edit row, a transfer …). */
export function formLinks(html: string, pathname: string): string[] {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<a\b[^>]*\shref="([^"]+)"/g)) {
    const href = decodeHtml(m[1]);
    const url = new URL(href, "http://localhost");
    if (url.pathname !== pathname) continue;
    for (const key of ["edit", "line", "transfer", "request", "projectId"]) if (url.searchParams.has(key) && !out.has(key)) out.set(key, `${url.pathname}${url.search}`);
  }
  return [...out.values()];
}

// ---------------------------------------------------------------------------------------------
// Routes and URLs

const TEMPLATES = flattenRoutes().map((r) => ({
  template: r.template,
  pattern: new RegExp(`^/${r.template.replace(/[.]/g, "\\.").replace(/:[A-Za-z]+/g, "[^/]+")}$`),
  params: r.template.split("/").filter((s) => s.startsWith(":")).length,
}));

/** The app/routes.ts template a path belongs to ("payables/:invoiceId"), the catch-all excluded. */
export function templateOf(pathname: string): string | null {
  const matches = TEMPLATES.filter((t) => t.template !== "*" && t.pattern.test(pathname)).sort((a, b) => a.params - b.params);
  return matches[0]?.template ?? null;
}

/** "/payables/:invoiceId" with `params` filled in. */
export const urlOf = (template: string, params: Record<string, string>) =>
  `/${template.replace(/:([A-Za-z]+)/g, (_, name: string) => params[name] ?? `missing-${name}`)}`;

export const paramNames = (template: string) => [...template.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);

// ---------------------------------------------------------------------------------------------
// Clients: a browser's cookie and CSRF token, posting forms as they are (duplicates, files)

const ORIGIN = "http://localhost";
// Host as a proxy or Node's HTTP server passes it (React Router compares it with Origin on actions).
const SAME_SITE = { Host: "localhost", Origin: ORIGIN, "Sec-Fetch-Site": "same-origin" };

export type Pairs = [string, string | File][];

export interface Browser {
  cookie: string;
  token: string;
  get(path: string): Request;
  /** A form post carrying this browser's CSRF token, as multipart when asked or when a value is a file. */
  post(path: string, pairs: Pairs, options?: { multipart?: boolean }): Request;
}

function browser(cookie: string, token: string): Browser {
  return {
    cookie,
    token,
    get: (path) => new Request(`${ORIGIN}${path}`, { headers: { Cookie: cookie } }),
    post(path, pairs, options = {}) {
      const all: Pairs = [[CSRF_FIELD, token], ...pairs];
      if (options.multipart || all.some(([, v]) => typeof v !== "string")) {
        const body = new FormData();
        for (const [k, v] of all) body.append(k, v);
        return new Request(`${ORIGIN}${path}`, { method: "POST", body, headers: { Cookie: cookie, ...SAME_SITE } });
      }
      const body = new URLSearchParams();
      for (const [k, v] of all) body.append(k, v as string);
      return new Request(`${ORIGIN}${path}`, {
        method: "POST",
        body,
        headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", ...SAME_SITE },
      });
    },
  };
}

/** A signed-in browser (the real login service), working in `organizationId`. */
export async function signedInBrowser(email: string, password: string, organizationId?: string): Promise<Browser> {
  const session = await signIn(email, { password, organizationId });
  const probe = session.get("/");
  return browser(probe.headers.get("Cookie")!, await csrfToken(probe));
}

/** A browser with no session: the anonymous CSRF cookie server.ts would have set. */
export async function anonymousBrowser(): Promise<Browser> {
  const cookie = `${csrfCookieName()}=${randomBytes(32).toString("base64url")}`;
  return browser(cookie, await csrfToken(new Request(`${ORIGIN}/`, { headers: { Cookie: cookie } })));
}

// ---------------------------------------------------------------------------------------------
// What no answer may contain

/** Stack frames, module paths or an error's own text with a file path. */
export function stackTraceIn(body: string): string | null {
  const m =
    /\n\s{2,}at [^\n]*/.exec(body) ??
    /\\n\s{2,}at [^"\\]*/.exec(body) ??
    /node_modules/.exec(body) ??
    /\b\w*Error: [^\n<"]*(\/work\/|\/app\/|\.tsx?:\d+|\.js:\d+)/.exec(body);
  return m ? m[0].slice(0, 160) : null;
}

export function liveMarkupIn(body: string): string | null {
  return LIVE_MARKUP.find((m) => body.includes(m)) ?? null;
}

export function markersIn(body: string, markers: string[]): string[] {
  return markers.filter((m) => body.includes(m));
}
