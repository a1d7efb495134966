/**
 * Hostile input, generated over every route of app/routes.ts that has an action (issue 7): each
 * form is scraped from the page a browser would see, then posted with one field at a time made
 * hostile (oversized, wrong type, SQL/HTML injection, absurd money and dates, foreign ids), with
 * every field missing and with every field duplicated. Every answer: no 5xx, no stack trace, no
 * other tenant's data, no live markup; a refusal wrote nothing; an acceptance is on the short
 * allowlist below. Then: other tenants' ids in URLs, expired sessions, stored markup and formulas in
 * pages and Excel exports, hostile query strings on every page and export.
 *
 * Requests go through the whole app in-process (tests/support/app-handler.ts), so pages are the HTML
 * a browser gets. HOSTILE_VERBOSE=1 prints the forms found, each form's plain baseline answer and
 * which allowlist entry let which variant through.
 */
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATIONS, DEMO_USERS, seedDemo } from "@db/seed/demo";
import { HARBOR_PROJECTS, HARBOR_VENDORS } from "@db/seed/demo-finance-data";
import { issueUserToken } from "~/domains/identity/tokens.server";
import { getIdentity } from "~/utils/auth.server";
import { withSystem } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { randomToken, sha256 } from "~/utils/secrets.server";
import { loadRoutes, serve, type AppRoute } from "../support/app-handler";
import { ownerConnection } from "../support/connections";
import { newAccount } from "../support/identity-fixtures";
import {
  anonymousBrowser,
  fieldKind,
  forgedCursors,
  formLinks,
  IMPOSSIBLE_DATES,
  liveMarkupIn,
  MARKUP_AND_FORMULA,
  markersIn,
  NUL_TEXT,
  OVERSIZE,
  paramNames,
  queryFieldNames,
  scrapeForms,
  SCRIPT_TAG,
  signedInBrowser,
  SQL_INJECTION,
  stackTraceIn,
  templateOf,
  TEXT_AS_DATA,
  urlOf,
  variantsFor,
  type Browser,
  type FormField,
  type Pairs,
  type ScrapedForm,
  type Variant,
} from "../support/hostile-payloads";
import type { SqlClient } from "@db/sql-client";

const [SUMMIT, HARBOR] = DEMO_ORGANIZATIONS;
const SUMMIT_OWNER = "owner@demo.test";

/** Harbor's names: none may reach a page Summit's owner sees. */
const HARBOR_MARKERS = [
  HARBOR.name,
  ...HARBOR_PROJECTS.flatMap((p) => [p.jobNumber, p.name, p.client]),
  ...HARBOR_VENDORS.flatMap((v) => [v.name, v.email]),
  "H-201",
  "Casco Bay Ferry Terminal",
  ...DEMO_USERS.filter((u) => u.organizationId === HARBOR.id).flatMap((u) => [u.name, u.email]),
];

// ---------------------------------------------------------------------------------------------
// The allowlist: hostile variants an action may accept (2xx/3xx). Everything else must be a 4xx.

interface Allowed {
  template?: RegExp;
  intent?: RegExp;
  /** The field the variant changed (its last segment: lines[0].amount → amount); null for whole-body variants. */
  field?: RegExp;
  label: RegExp;
  /** The acceptance must not have written anything either. */
  writesNothing?: boolean;
  why: string;
}

const FREE_TEXT = /^(name|title|description|clientName|contactName|address|ownerName|organizationName|reason|reference|invoiceNumber|taxId|note|notes|responsible)$/;

const ALLOWED: Allowed[] = [
  {
    // Quotes, semicolons and angle brackets are data in names, titles, descriptions and numbers the
    // vendor issues; every page showing them is checked to render them escaped, exports neutralised.
    field: FREE_TEXT,
    label: /^(sql|xss|markup-formula)$/,
    why: "free text stores injection strings as data",
  },
  { template: /^(checklists|projects\/:projectId\/(inspections|ncrs))\b/, field: /^(section|prompt|guidance|location|rootCause|correctiveAction|verifiedByName|verificationMethod|signedName)$/, label: /^(sql|xss|markup-formula)$/, why: "checklist, inspection and NCR free text stores injection strings as data" },
  {
    template: /^projects\/:projectId\/daily-logs\/:logId$/,
    field: /^(trade|area|notes|supplier|receivedBy|company|purpose|actionTaken|body|precipitation|wind)$/,
    label: /^(sql|xss|markup-formula)$/,
    why: "a daily log's free text (trades, areas, notes, addenda) stores injection strings as data; pages escape it, the export neutralises it",
  },
  {
    field: /^(password|confirm|currentPassword)$/,
    label: /^(sql|xss)$/,
    why: "a password may hold any character; it is hashed, never shown",
  },
  {
    template: /^(logout|status|verify-email)$/,
    label: /./,
    writesNothing: true,
    why: "no input but the CSRF token (tests/e2e/csrf.http.spec.ts): signing out, the health check and re-sending a confirmation (already confirmed) ignore the body",
  },
  {
    template: /^organizations\/switch$/,
    field: /^redirectTo$/,
    label: /./,
    writesNothing: true,
    why: "a return path that is not a local path is replaced by /: the switch itself is to an organization of the user's",
  },
  {
    template: /^organizations\/switch$/,
    label: /^duplicated$/,
    writesNothing: true,
    why: "the first organizationId is used, and it must be one the user belongs to",
  },
  {
    template: /^settings\/sessions$/,
    intent: /^revoke$/,
    label: /^(id:|duplicated$)/,
    writesNothing: true,
    why: "revoking a session that is not one of yours answers 'already ended', idempotently: it reveals and changes nothing",
  },
  {
    template: /^projects\/:projectId\/change-orders\/new$/,
    field: /^commitmentId$/,
    label: /^id:/,
    why: "the baseline is a prime change order, which has no commitment: a well-formed id is ignored (stored null)",
  },
  {
    template: /^(photos\/:photoId|projects\/:projectId\/photos)$/,
    field: /^caption$/,
    label: /^(sql|xss|markup-formula)$/,
    why: "a photo caption is free text: injection strings are stored as data and shown escaped",
  },
  {
    template: /^projects\/:projectId\/(punch|observations)(\/.*)?$/,
    field: /^(location|trade|drawingRef|comment|correctiveAction)$/,
    label: /^(sql|xss|markup-formula)$/,
    why: "a punch item's or observation's location, trade, drawing reference and comments are free text: stored as data, shown escaped, exports neutralised",
  },
  {
    template: /^invite\/:token$/,
    field: /^intent$/,
    label: /^intent:/,
    why: "the button's intent is a label only: signed in means accept, signed out means create the account",
  },
];

const allowed = (template: string, intent: string | null, field: string | null, label: string) =>
  ALLOWED.find(
    (a) =>
      a.label.test(label) &&
      (!a.template || a.template.test(template)) &&
      (!a.intent || a.intent.test(intent ?? "")) &&
      (!a.field || (field !== null && a.field.test(field.split(".").pop()!))),
  );

// ---------------------------------------------------------------------------------------------
// Set-up: both demo tenants, Summit's owner signed in, one record of each kind per state

let owner: SqlClient;
let actionRoutes: AppRoute[];
const browsers: Record<"summit" | "anonymous", Browser> = {} as never;
const summitIds: Record<string, string[]> = {};
const harborIds: Record<string, string[]> = {};
let fingerprintSql = "";

/** Records of each route parameter's kind, one per state, so every form a state shows is reached. */
const PARAM_QUERIES: Record<string, string> = {
  projectId: "select id from projects where organization_id = $1 order by status, job_number",
  invoiceId: "select distinct on (status, commitment_id is null) id from ap_invoices where organization_id = $1 order by status, commitment_id is null, invoice_number",
  // one per state, and each project's latest (a release of retainage starts from it)
  payAppId: `select id from (select distinct on (status) id from pay_applications where organization_id = $1 order by status, number) s
    union select id from (select distinct on (project_id) id from pay_applications where organization_id = $1 order by project_id, number desc) l`,
  commitmentId: "select distinct on (status) id from commitments where organization_id = $1 order by status, number",
  changeOrderId: "select distinct on (status, kind, stage) id from change_orders where organization_id = $1 order by status, kind, stage, created_at",
  importId: "select distinct on (status) id from imports where organization_id = $1 order by status, created_at",
  // the latest close in force (its reopen form) and a reopened one
  closeId: "select distinct on (status) id from wip_closes where organization_id = $1 order by status, period_end desc, version desc",
  dailyLogPage: "select distinct on (status) '/projects/' || project_id || '/daily-logs/' || id as id from daily_logs where organization_id = $1 order by status, log_date desc",
  punchItemPage: "select distinct on (status) '/projects/' || project_id || '/punch/' || id as id from punch_items where organization_id = $1 order by status, number",
  observationPage: "select distinct on (status) '/projects/' || project_id || '/observations/' || id as id from observations where organization_id = $1 order by status, number",
  templateId: "select id from checklist_templates where organization_id = $1 order by name limit 2",
  inspectionId: "select distinct on (status) id from inspections where organization_id = $1 order by status, number",
  ncrId: "select distinct on (status) id from ncrs where organization_id = $1 order by status, number",
  // pages under two ids (project and record): the path itself, for EXTRA_PAGES
  inspectionPath: "select distinct on (status) '/projects/' || project_id || '/inspections/' || id as id from inspections where organization_id = $1 order by status, number",
  ncrPath: "select distinct on (status) '/projects/' || project_id || '/ncrs/' || id as id from ncrs where organization_id = $1 order by status, number",
  failedAnswerPath: "select '/projects/' || n.project_id || '/ncrs?answer=' || a.id as id from inspection_answers a join inspections n on n.id = a.inspection_id where a.organization_id = $1 and a.result = 'fail' limit 1",
  milestonePage: "select '/projects/' || project_id || '/schedule/' || id as id from (select distinct on (actual_date is null) * from project_milestones where organization_id = $1 order by actual_date is null, planned_date) m",
};

const RECENT: Record<string, string> = {
  invoiceId: "select id from ap_invoices where organization_id = $1 order by updated_at desc limit 8",
  commitmentId: "select id from commitments where organization_id = $1 order by updated_at desc limit 8",
  changeOrderId: "select id from change_orders where organization_id = $1 order by updated_at desc limit 8",
  payAppId: "select id from pay_applications where organization_id = $1 order by updated_at desc limit 8",
};

/** Ids of the other tenant by form field name, for the "other tenant's id" variant. */
const FOREIGN_ID_QUERIES: Record<string, string> = {
  projectId: "select id from projects where organization_id = $1",
  vendorId: "select id from vendors where organization_id = $1",
  costCodeId: "select id from cost_codes where organization_id = $1",
  parentId: "select id from cost_codes where organization_id = $1",
  costTypeId: "select id from cost_types where organization_id = $1",
  commitmentId: "select id from commitments where organization_id = $1",
  commitmentLineId: "select id from commitment_lines where organization_id = $1",
  membershipId: "select id from memberships where organization_id = $1",
  invitationId: "select id from invitations where organization_id = $1",
  policyId: "select id from approval_policies where organization_id = $1",
  requestId: "select id from approval_requests where organization_id = $1",
  projectManagerId: "select user_id as id from memberships where organization_id = $1",
  organizationId: "select id from organizations where id = $1",
  sessionId: "select s.id from sessions s join memberships m on m.user_id = s.user_id where m.organization_id = $1",
  sovLineId: "select id from sov_lines where organization_id = $1",
  teamMemberId: "select id from project_team_members where organization_id = $1",
  userId: "select user_id as id from memberships where organization_id = $1",
  budgetLineId: "select id from budget_lines where organization_id = $1",
  fromLineId: "select id from budget_lines where organization_id = $1",
  toLineId: "select id from budget_lines where organization_id = $1",
  // `id` and `lineId` name different tables on different pages: the page's own kind.
  "cost-codes:id": "select id from cost_codes where organization_id = $1",
  "daily-logs:id": "select id from daily_log_manpower where organization_id = $1",
  delayId: "select id from daily_log_delays where organization_id = $1",
  "change-orders:lineId": "select id from change_order_lines where organization_id = $1",
  "commitments:lineId": "select id from commitment_lines where organization_id = $1",
  "payables:lineId": "select id from ap_invoice_lines where organization_id = $1",
  "pay-apps:lineId": "select id from pay_application_lines where organization_id = $1",
  "contract:lineId": "select id from sov_lines where organization_id = $1",
  "budget:lineId": "select id from budget_lines where organization_id = $1",
  // the pages' ?edit= query names the page's own kind
  "vendors:edit": "select id from vendors where organization_id = $1",
  "cost-codes:edit": "select id from cost_codes where organization_id = $1",
  "approvals:edit": "select id from approval_policies where organization_id = $1",
  "commitments:edit": "select id from commitment_lines where organization_id = $1",
  "contract:edit": "select id from sov_lines where organization_id = $1",
  request: "select id from approval_requests where organization_id = $1",
  project: "select id from projects where organization_id = $1",
  party: "select id from vendors where organization_id = $1",
};
const foreignIds: Record<string, string> = {};

function foreignIdFor(template: string, field: string): string {
  const name = field.split(".").pop()!;
  const page = template.split("/").find((s) => !s.startsWith(":") && s !== "projects" && s !== "settings") ?? "";
  return foreignIds[`${page}:${name}`] ?? foreignIds[name] ?? foreignIds.projectId;
}

/**
 * One string over every table a request may write (the tenant tables, users and their tokens, mail):
 * each table's row count and newest row version (xmin), so an insert, update or delete changes it.
 */
async function buildFingerprintSql() {
  const tables = await owner<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and (exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped)
           or c.relname in ('users', 'user_tokens', 'outbound_emails', 'organizations'))
      -- derived caches that page views refresh, and the log of those views; never a user's write
      and c.relname not like 'budget_figure%' and c.relname <> 'data_access_events'
    order by 1`;
  return `select ${tables.map((t) => `'${t.name}:' || (select count(*) || '/' || coalesce(max(xmin::text::bigint), 0) from "${t.name}")`).join(" || ' ' || ")} as fp`;
}
const fingerprint = async () => (await owner.unsafe(fingerprintSql))[0].fp as string;

const changedTables = (before: string, after: string) => {
  const a = before.split(" ");
  return after.split(" ").filter((t, i) => t !== a[i]).map((t) => t.split(":")[0]);
};

async function idsOf(organizationId: string) {
  const out: Record<string, string[]> = {};
  for (const [param, query] of Object.entries(PARAM_QUERIES)) out[param] = (await owner.unsafe(query, [organizationId])).map((r) => r.id as string);
  return out;
}

/** An open invitation to Summit whose token we know (the mailed one is only stored hashed). */
async function invitationToken() {
  const token = randomToken();
  await owner`insert into invitations (organization_id, email, role, token_hash, expires_at)
    values (${SUMMIT.id}, ${`invitee-${randomUUID().slice(0, 8)}@example.test`}, 'viewer', ${sha256(token)}, now() + interval '7 days')`;
  return token;
}

/** The demo has no draft change order past the potential stage, so no Submit button: convert one, as a user would. */
async function draftChangeOrderToSubmit() {
  const [co] = await owner`select id from change_orders co where organization_id = ${SUMMIT.id} and status = 'draft' and stage = 'potential'
    and exists (select 1 from change_order_lines l where l.change_order_id = co.id) limit 1`;
  if (!co) return;
  const page = `/change-orders/${co.id}`;
  const convert = scrapeForms((await send(browsers.summit.get(page))).body, page).find((f) => f.intent === "convert");
  if (convert) await send(browsers.summit.post(convert.action, convert.fields.map((f): [string, string] => [f.name, f.value])));
}

/** A password-reset link of a throwaway account (a reset the fuzz lets through changes no demo user). */
let resetUserId = "";
async function resetToken() {
  if (!resetUserId) {
    const account = await newAccount("hostile-reset");
    resetUserId = account.userId;
  }
  return withSystem((tx) => issueUserToken(tx, resetUserId, "reset_password"));
}

beforeAll(async () => {
  await seedDemo();
  owner = ownerConnection();
  fingerprintSql = await buildFingerprintSql();
  actionRoutes = (await loadRoutes()).filter((r) => typeof r.module.action === "function");
  browsers.summit = await signedInBrowser(SUMMIT_OWNER, env().DEMO_PASSWORD, SUMMIT.id);
  browsers.anonymous = await anonymousBrowser();
  await draftChangeOrderToSubmit();
  Object.assign(summitIds, await idsOf(SUMMIT.id));
  Object.assign(harborIds, await idsOf(HARBOR.id));
  for (const [key, query] of Object.entries(FOREIGN_ID_QUERIES)) {
    const [row] = await owner.unsafe(`${query} limit 1`, [HARBOR.id]);
    if (row) foreignIds[key] = row.id as string;
  }
}, 120_000);
afterAll(() => owner.end());

// ---------------------------------------------------------------------------------------------
// Requests and the checks every answer must pass

interface Answer {
  status: number;
  location: string | null;
  body: string;
}

async function send(request: Request): Promise<Answer> {
  const response = await serve(request);
  return { status: response.status, location: response.headers.get("Location"), body: await response.text() };
}

/** Problems with any answer, whoever asked: 5xx, stack traces, live markup, Harbor's data. */
function answerProblems(answer: Answer, asSummit: boolean): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`status ${answer.status}`);
  if (answer.location && new URL(answer.location, "http://localhost").origin !== "http://localhost") problems.push(`off-site redirect to ${answer.location}`);
  const trace = stackTraceIn(answer.body);
  if (trace) problems.push(`stack trace: ${trace}`);
  const markup = liveMarkupIn(answer.body);
  if (markup) problems.push(`unescaped ${markup}`);
  const leaked = asSummit ? markersIn(answer.body, HARBOR_MARKERS) : [];
  if (leaked.length) problems.push(`Harbor's data: ${leaked.join(", ")}`);
  return problems;
}

/** Actions that can end the fuzzing session (signing out, revoking, changing the password). */
const SESSION_ENDERS = /^(logout|settings\/sessions|settings\/password|organizations\/switch)$/;
const ensureSummitSession = async () => {
  if (!(await getIdentity(browsers.summit.get("/")))) browsers.summit = await signedInBrowser(SUMMIT_OWNER, env().DEMO_PASSWORD, SUMMIT.id);
};

// ---------------------------------------------------------------------------------------------
// Discovery: every POST form of every action route, in every state the demo data has

type Who = "summit" | "anonymous";

interface Signature {
  key: string;
  template: string;
  intent: string | null;
  who: Who;
  /** Pages showing the form (records in different states), in discovery order. */
  pages: string[];
  /** The form as first seen: its fields decide the variants. */
  form: ScrapedForm;
  /** Written here from the action's schema: no page of the demo data shows it. */
  handmade?: boolean;
}

const intentKey = (form: ScrapedForm) => {
  const to = form.fields.find((f) => f.name === "to")?.value;
  return [form.intent, to].filter(Boolean).join(":") || null;
};
/**
 * One signature per action and intent. The column chooser's ↑/↓ buttons (two per column, each its
 * own `move=<column>:<up|down>` submit) take one code path: the first of them stands for all, or
 * the fuzz would post every field ~40 times over for the same check.
 */
const signatureIntent = (form: ScrapedForm) => {
  const intent = intentKey(form);
  return intent?.startsWith("move=") ? "move" : intent;
};
const keyOf = (form: ScrapedForm) => {
  const template = templateOf(new URL(form.action, "http://localhost").pathname);
  return template === null ? null : { template, key: `${template} ${signatureIntent(form) ?? ""}`.trim() };
};

/** Pages a form only appears on with a query no link on the page carries. */
const EXTRA_PAGES: Record<string, (ids: Record<string, string[]>) => string[]> = {
  "payables/new": (ids) => ids.projectId.map((p) => `/payables/new?projectId=${p}`),
  "projects/:projectId/budget": (ids) => ids.projectId.map((p) => `/projects/${p}/budget?transfer=1&add=1`),
  "projects/:projectId/daily-logs/:logId": (ids) => ids.dailyLogPage,
  "projects/:projectId/punch/:itemId": (ids) => ids.punchItemPage,
  "projects/:projectId/observations/:observationId": (ids) => ids.observationPage,
  "projects/:projectId/inspections/:inspectionId": (ids) => ids.inspectionPath,
  "projects/:projectId/ncrs/:ncrId": (ids) => ids.ncrPath,
  "projects/:projectId/ncrs": (ids) => ids.failedAnswerPath,
  "projects/:projectId/schedule/:milestoneId": (ids) => ids.milestonePage,
};
const PAGES_PER_FORM = 4;

/** Pages only a fresh secret opens, made anew whenever the last one was used. */
const SECRET_PAGES: Record<string, () => Promise<string>> = {
  "invite/:token": async () => `/invite/${await invitationToken()}`,
  "reset-password": async () => `/reset-password?token=${await resetToken()}`,
};

const field = (name: string, type: string, value: string, options: string[] = []): FormField => ({
  name,
  element: type === "select" ? "select" : "input",
  type,
  value,
  checked: false,
  options,
});

/**
 * Forms no page of the demo shows Summit's owner (one organization only; an address already
 * confirmed), written from the action's schema.
 */
const HANDMADE: Record<string, { page: string; form: ScrapedForm }> = {
  "organizations/switch": {
    page: "/projects",
    form: { action: "/organizations/switch", multipart: false, intent: null, fields: [field("redirectTo", "hidden", "/projects"), field("organizationId", "select", SUMMIT.id, [SUMMIT.id])] },
  },
  "verify-email": { page: "/", form: { action: "/verify-email", multipart: false, intent: null, fields: [] } },
  // the inbox shows its forms only while it holds notifications; the demo owner's starts empty
  notifications: { page: "/notifications", form: { action: "/notifications", multipart: false, intent: "read-all", fields: [field("intent", "hidden", "read-all")] } },
};

const pagesOf = (template: string): string[] => {
  const params = paramNames(template);
  if (params.length === 0) return [urlOf(template, {})];
  return (summitIds[params[0]] ?? []).map((id) => urlOf(template, { [params[0]]: id }));
};

/** The POST forms on `page` and, following `follow`, on the pages its links open for a form. */
async function formsOn(who: Who, page: string, follow: boolean): Promise<{ page: string; form: ScrapedForm }[]> {
  const answer = await send(browsers[who].get(page));
  if (answer.status !== 200) return [];
  const out = scrapeForms(answer.body, page).map((form) => ({ page, form }));
  if (follow) for (const link of formLinks(answer.body, new URL(page, "http://localhost").pathname)) out.push(...(await formsOn(who, link, false)));
  return out;
}

async function discover(): Promise<Signature[]> {
  const found = new Map<string, Signature>();
  const secrets = Object.fromEntries(await Promise.all(Object.entries(SECRET_PAGES).map(async ([template, make]) => [template, await make()] as const)));
  for (const who of ["summit", "anonymous"] as const)
    for (const route of actionRoutes) {
      const visits = [
        ...(secrets[route.template] ? [secrets[route.template]] : pagesOf(route.template)).map((page) => ({ page, follow: true })),
        ...(EXTRA_PAGES[route.template]?.(summitIds) ?? []).map((page) => ({ page, follow: false })),
      ];
      for (const visit of visits)
        for (const { page, form } of await formsOn(who, visit.page, visit.follow)) {
          const at = keyOf(form);
          if (!at) continue;
          const known = found.get(at.key);
          if (!known) found.set(at.key, { ...at, intent: intentKey(form), who, pages: [page], form });
          else if (known.who === who && !known.pages.includes(page) && known.pages.length < PAGES_PER_FORM) known.pages.push(page);
        }
    }
  for (const [template, { page, form }] of Object.entries(HANDMADE))
    if (![...found.values()].some((s) => s.template === template)) {
      found.set(template, { key: template, template, intent: null, who: "summit", pages: [page], form, handmade: true });
    }
  return [...found.values()];
}

let discovered: Promise<Signature[]> | undefined;
/** The forms as the demo data first shows them (the later tests post Summit's forms elsewhere). */
const signaturesOnce = () => (discovered ??= discover());

/** The form of signature `s` as `page` shows it now (new version, new state), if it still does. */
async function formNow(s: Signature, page: string): Promise<ScrapedForm | undefined> {
  if (s.handmade) return s.form;
  const answer = await send(browsers[s.who].get(page));
  return answer.status === 200 ? scrapeForms(answer.body, page).find((f) => keyOf(f)?.key === s.key) : undefined;
}

/**
 * A page showing signature `s`'s form now, when the ones found at discovery no longer do (the
 * record was approved, the invitation accepted …): records are looked up again in their current
 * states; an invitation is made anew.
 */
async function freshForm(s: Signature): Promise<{ page: string; form: ScrapedForm } | undefined> {
  for await (const hit of freshForms(s)) return hit;
  return undefined;
}

async function* freshForms(s: Signature): AsyncGenerator<{ page: string; form: ScrapedForm }> {
  if (s.handmade) {
    yield { page: s.pages[0], form: s.form };
    return;
  }
  Object.assign(summitIds, await idsOf(SUMMIT.id));
  const visits = [
    ...(SECRET_PAGES[s.template] ? [await SECRET_PAGES[s.template]()] : pagesOf(s.template)).map((page) => ({ page, follow: true })),
    ...(EXTRA_PAGES[s.template]?.(summitIds) ?? []).map((page) => ({ page, follow: false })),
  ];
  // then the most recently changed records of the kind, beyond one per state
  const [param] = paramNames(s.template);
  if (param && RECENT[param])
    for (const { id } of await owner.unsafe(RECENT[param], [SUMMIT.id])) {
      const page = urlOf(s.template, { [param]: id as string });
      if (!visits.some((v) => v.page === page)) visits.push({ page, follow: true });
    }
  for (const visit of visits) {
    const hit = (await formsOn(s.who, visit.page, visit.follow)).find(({ form }) => keyOf(form)?.key === s.key);
    if (hit) yield hit;
  }
}

/**
 * Intents that end a record's or the session's useful life: fuzzed after the others, their baseline
 * last. Submitting first makes documents pending for approve and reject; signing out comes last.
 */
const FINAL_INTENT = /^(logout|transition|approve|reject|void|withdraw|convert|delete|remove|revoke|unlock|lock|certify|record-payment|return-to-draft|submit|release|accept|commit|retry|cancel|confirm)/;
const isFinal = (s: Signature) => s.template === "logout" || FINAL_INTENT.test(s.intent ?? "");
/** What makes a record show the form of an intent: [intent, the intent that must come first]. */
const PREREQUISITE: [RegExp, RegExp][] = [
  [/^(approve|reject|withdraw|transition:withdraw)$/, /submit$/],
  [/^submit$/, /^convert$/],
];

const rank = (s: Signature) => {
  // a new application (projects/:projectId/pay-apps) hides the release form until it is certified
  if (s.template === "pay-apps/:payAppId/release-retainage") return -1;
  // Policies decide who may approve: changed only once the approvals have been fuzzed.
  if (s.template === "settings/approvals") return 5;
  if (/^(logout|settings\/sessions)$/.test(s.template)) return 6;
  if (!isFinal(s)) return 0;
  // approving uses up one pending document, rejecting one per accepted reason: approve first
  return /submit/.test(s.intent ?? "") ? 1 : /^approve/.test(s.intent ?? "") ? 2 : /^reject/.test(s.intent ?? "") ? 3 : 4;
};

// ---------------------------------------------------------------------------------------------
// Baselines and variants

let sequence = 0;
const FILL: Record<string, () => string> = {
  jobNumber: () => `FZ-${++sequence}`,
  number: () => `FZ-${++sequence}`,
  invoiceNumber: () => `FZ-${++sequence}`,
  code: () => `FZ${++sequence}`,
  phone: () => "303-555-0100",
  taxId: () => "12-3456789",
  password: () => "fuzz-password-1234",
  confirm: () => "fuzz-password-1234",
  currentPassword: () => "fuzz-password-1234",
};

const fillDate = (name: string) => (/period/i.test(name) ? "2026-05-31" : /due|end/i.test(name) ? "2027-06-30" : "2026-06-15");

/** A value for an empty field, so that a baseline is as valid as a user's would be. */
function fill(field: FormField, nth: number): string | File {
  const name = field.name.split(".").pop()!;
  const kind = fieldKind(field);
  if (kind === "file") return new File([], "", { type: "application/octet-stream" });
  if (field.value !== "" || kind === "checkbox") return field.value;
  if (FILL[name]) return FILL[name]();
  // retainage bands start where the previous one ended: 20, 40, 60, 80 (% complete or amount)
  if (name === "from") return String(20 * (Number(/\[(\d+)\]/.exec(field.name)?.[1] ?? 0) + 1));
  if (field.element === "select") {
    // two selects of the same list (from and to) get different choices
    const choices = field.options.filter((o) => o !== "");
    return choices[Math.min(nth, choices.length - 1)] ?? "";
  }
  switch (kind) {
    case "money":
      return "100.00";
    case "number":
    case "version":
      return "1";
    case "date":
      return fillDate(name);
    case "email":
      return `fuzz-${++sequence}@example.test`;
    default:
      return `Fuzz ${++sequence}`;
  }
}

function baseline(form: ScrapedForm): Pairs {
  const pairs: Pairs = [];
  const lists = new Map<string, number>();
  for (const field of form.fields) {
    if ((field.type === "checkbox" || field.type === "radio") && !field.checked) continue;
    const list = field.options.join("\n");
    const nth = lists.get(list) ?? 0;
    if (field.element === "select") lists.set(list, nth + 1);
    pairs.push([field.name, fill(field, nth)]);
  }
  return pairs;
}

interface Attempt {
  field: string | null;
  label: string;
  body: (form: ScrapedForm) => Pairs;
}

const withValue = (form: ScrapedForm, name: string, value: string | File): Pairs => {
  const pairs = baseline(form);
  const at = pairs.findIndex(([k]) => k === name);
  if (at >= 0) pairs[at] = [name, value];
  else pairs.push([name, value]);
  return pairs;
};

const dupOf = (v: string) => (/^\d+(\.\d+)?$/.test(v) ? String(Number(v) + 7) : /^[0-9a-f-]{36}$/.test(v) ? randomUUID() : `${v} (copy)`);

const BASELINE: Attempt = { field: null, label: "baseline", body: baseline };

const firstSignatureOf = new Map<string, Signature>();

/**
 * A grid form repeats each column on every row (`lines[0].amount`, `lines[1].amount`, …) through
 * the same validator: the column is fuzzed on its first row only, so a 20-row grid costs what one
 * row does. Other rows still take part in every variant's baseline.
 */
const firstOfItsColumn = () => {
  const seen = new Set<string>();
  return (field: FormField) => {
    const column = field.name.replace(/\[\d+\]/g, "[]");
    if (seen.has(column)) return false;
    seen.add(column);
    return true;
  };
};

/** Refusal-expected attempts first, then the ones free text may accept (they change state). */
function attemptsFor(s: Signature): Attempt[] {
  const perField = s.form.fields
    .filter((f) => f.name !== "intent" && f.name !== "to")
    .filter(firstOfItsColumn())
    .flatMap((field) =>
      variantsFor(field, foreignIdFor(s.template, field.name)).map((v: Variant): Attempt => ({ field: field.name, label: v.label, body: (form) => withValue(form, field.name, v.value) })),
    );
  const keepIntent = (form: ScrapedForm): Pairs => form.fields.filter((f) => f.name === "intent" || f.name === "to").map((f) => [f.name, f.value]);
  const hasIntent = s.form.fields.some((f) => f.name === "intent");
  const hasInput = s.form.fields.some((f) => f.name !== "intent" && f.name !== "to");
  // An empty body and a hostile intent reach the action's dispatch, once per route is enough.
  const firstOfRoute = firstSignatureOf.get(s.template) === s;
  const firstIntentOfRoute = firstSignatureOf.get(`${s.template} intent`) === s;
  const whole: Attempt[] = [
    ...(hasInput ? [{ field: null, label: "all-missing", body: keepIntent }] : []),
    ...(firstOfRoute ? [{ field: null, label: "nothing-at-all", body: () => [] }] : []),
    ...(hasIntent && firstIntentOfRoute
      ? [
          { field: "intent", label: "intent:oversize", body: (form: ScrapedForm) => withValue(form, "intent", OVERSIZE) },
          { field: "intent", label: "intent:sql", body: (form: ScrapedForm) => withValue(form, "intent", SQL_INJECTION) },
        ]
      : []),
  ];
  const duplicated: Attempt[] = hasInput
    ? [
        {
          field: null,
          label: "duplicated",
          // every field twice, the copy different: an ambiguous request
          body: (form) => baseline(form).flatMap(([k, v]): Pairs => (k === "intent" || k === "to" ? [[k, v]] : [[k, v], [k, typeof v === "string" ? dupOf(v) : v]])),
        },
      ]
    : [];
  const accepting = (a: Attempt) => TEXT_AS_DATA.has(a.label);
  // A final intent's untouched baseline goes last: it ends the record's state the fuzz relies on.
  return [...whole, ...perField.filter((a) => !accepting(a)), ...duplicated, ...perField.filter(accepting), ...(isFinal(s) ? [BASELINE] : [])];
}

// ---------------------------------------------------------------------------------------------
// The fuzz

/** The form-level and field messages of a re-rendered form, for the coverage report. */
const formErrorsOf = (html: string) =>
  [...html.matchAll(/id="[^"]*-error"[^>]*>([^<]{1,120})</g)].map((m) => m[1]).slice(0, 3).join(" | ") ||
  /role="alert"[^>]*>(?:<[^>]+>)*([^<]{1,160})/.exec(html)?.[1] ||
  html.replace(/<[^>]+>/g, " ").match(/(?:Bad request|Not allowed|Page not found)[^.]*\./)?.[0] ||
  "";

// The defects the fuzz below found, pinned (it meets them only when the data lines up).
describe("defects the fuzz found", () => {
  it("deleting an approval policy that approvals used: 303, the requests keep their tenant and steps, lose the link", async () => {
    const [used] = await owner`select p.id, p.version from approval_policies p where p.organization_id = ${SUMMIT.id}
      and exists (select 1 from approval_requests r where r.policy_id = p.id) limit 1`;
    const requests = await owner`select id from approval_requests where policy_id = ${used.id}`;
    const answer = await send(browsers.summit.post("/settings/approvals", [["intent", "delete"], ["policyId", used.id], ["version", String(used.version)]]));
    expect(answer.status).toBe(303);
    const after = await owner`select organization_id, policy_id, (select count(*)::int from approval_request_steps s where s.request_id = r.id) as steps
      from approval_requests r where id = any(${requests.map((r) => r.id as string)})`;
    expect(after).toHaveLength(requests.length);
    for (const row of after) expect(row).toMatchObject({ organization_id: SUMMIT.id, policy_id: null });
    expect(after.every((row) => row.steps > 0)).toBe(true);
  });

  it.each([
    ["/vendors", [["name", "Unknown Intent Supply"]]],
    ["/settings/organization", [["name", "Unknown Intent Builders"]]],
    ["/settings/approvals", [["name", "Unknown intent policy"]]],
    ["/payables/new", [["invoiceNumber", "UNKNOWN-1"]]],
  ] as [string, Pairs][])("an unknown intent on %s is a 400 that writes nothing, not the default action", async (url, fields) => {
    const before = await fingerprint();
    const answer = await send(browsers.summit.post(url, [["intent", SQL_INJECTION], ...fields], { multipart: url === "/settings/organization" }));
    expect(answer.status).toBe(400);
    expect(await fingerprint()).toBe(before);
  });
});

describe("hostile input over every action route", () => {
  it("every form field, fed hostile values: no 5xx, no trace, no leak; refusals write nothing; acceptances are allowlisted", async () => {
    const t0 = performance.now();
    const findings: string[] = [];
    const baselines: string[] = [];
    const consumed: string[] = [];
    let requests = 0;
    let acceptances = 0;
    const used = new Map<Allowed, string[]>();
    const perLabel = new Map<string, number>();
    const signatures = [...(await signaturesOnce())];
    signatures.sort((a, b) => rank(a) - rank(b));
    for (const s of signatures) {
      if (!firstSignatureOf.has(s.template)) firstSignatureOf.set(s.template, s);
      if (s.form.fields.some((f) => f.name === "intent") && !firstSignatureOf.has(`${s.template} intent`)) firstSignatureOf.set(`${s.template} intent`, s);
    }
    if (process.env.HOSTILE_VERBOSE)
      for (const s of signatures) console.info(`${s.key} (${s.who}, ${s.pages.join(" ")}): ${s.form.fields.map((f) => `${f.name}:${fieldKind(f)}`).join(" ")}`);

    let state = await fingerprint();
    /** Posts one attempt and checks its answer; true when it was accepted or wrote. */
    const run = async (s: Signature, form: ScrapedForm, attempt: Attempt) => {
      const url = form.action;
      const answer = await send(browsers[s.who].post(url, attempt.body(form), { multipart: form.multipart }));
      requests++;
      const kind = attempt.label.split(":")[0];
      perLabel.set(kind, (perLabel.get(kind) ?? 0) + 1);
      const after = await fingerprint();
      const wrote = after !== state;
      const tables = () => changedTables(state, after).join(", ");
      const label = `POST ${url} [${s.intent ?? "-"}] ${attempt.field ?? "*"}=${attempt.label}`;
      for (const problem of answerProblems(answer, s.who === "summit")) findings.push(`${label}: ${problem}`);
      if (answer.status >= 400 && wrote) findings.push(`${label}: refused with ${answer.status} but wrote ${tables()}`);
      if (attempt === BASELINE) baselines.push(`${s.key}: ${answer.status}${answer.status >= 400 ? ` ${formErrorsOf(answer.body)}` : ""}`);
      else if (answer.status < 400) {
        const ok = allowed(s.template, s.intent, attempt.field, attempt.label);
        if (!ok || (ok.writesNothing && wrote)) findings.push(`${label}: accepted (${answer.status}${answer.location ? ` → ${answer.location}` : ""})${wrote ? `, wrote ${tables()}` : ""}`);
        else {
          acceptances++;
          used.set(ok, [...(used.get(ok) ?? []), `${s.key} ${attempt.field}=${attempt.label}`]);
        }
      }
      if (answer.status < 400 && answer.location?.startsWith("/")) {
        // Whatever was stored is shown there: the page must render it inert.
        const shown = await send(browsers[s.who].get(answer.location));
        for (const problem of answerProblems(shown, s.who === "summit")) findings.push(`${label} → GET ${answer.location}: ${problem}`);
      }
      state = after;
      if (s.who === "summit" && SESSION_ENDERS.test(s.template)) await ensureSummitSession();
      return wrote || answer.status < 400;
    };

    /**
     * A form for `s`. Approving, rejecting and withdrawing need a pending document, submitting a
     * change order one past the potential stage: when no record shows the form, one is made so.
     */
    const supply = async (s: Signature, depth = 0): Promise<{ page: string; form: ScrapedForm } | undefined> => {
      const found = await freshForm(s);
      const need = PREREQUISITE.find(([intent]) => intent.test(s.intent ?? ""))?.[1];
      if (found || !need || depth > 1) return found;
      for (const prior of signatures.filter((o) => need.test(o.intent ?? "") && (o.template === s.template || s.template === "approvals"))) {
        // the first record showing the button may still be refused (a draft without lines): try a few
        let tries = 0;
        for await (const ready of freshForms(prior)) {
          if (await run(prior, ready.form, BASELINE)) return freshForm(s);
          if (++tries === 4) break;
        }
        const made = await supply(prior, depth + 1);
        if (made && (await run(prior, made.form, BASELINE))) return freshForm(s);
      }
      return undefined;
    };

    for (const s of signatures) {
      // A form whose untouched baseline is accepted tests each field; a baseline refused for
      // another reason (locked budget, stale version) would hide what the hostile value does.
      let at: { page: string; form: ScrapedForm } | undefined;
      for (const page of s.pages) {
        const now = await formNow(s, page);
        if (!now) continue;
        at ??= { page, form: now };
        if (isFinal(s)) break;
        if (await run(s, now, BASELINE)) {
          at = { page, form: (await formNow(s, page)) ?? now };
          state = await fingerprint();
          break;
        }
      }
      at ??= await supply(s);
      state = await fingerprint();
      for (const attempt of attemptsFor(s)) {
        if (!at) {
          consumed.push(`${s.key} (before ${attempt.label})`);
          break;
        }
        if (!(await run(s, at.form, attempt))) continue;
        const again = await formNow(s, at.page);
        at = again ? { page: at.page, form: again } : await supply(s);
        state = await fingerprint();
      }
    }
    console.info(
      `hostile fuzz: ${new Set(signatures.map((s) => s.template)).size} action routes, ${signatures.length} forms/intents, ${requests} requests, ` +
        `${acceptances} allowlisted acceptances, ${((performance.now() - t0) / 1000).toFixed(1)}s` +
        (consumed.length ? `\n  forms no record showed any more: ${consumed.join("; ")}` : "") +
        (process.env.HOSTILE_VERBOSE ? `\n  requests by variant: ${JSON.stringify(Object.fromEntries(perLabel))}` : "") +
        (process.env.HOSTILE_VERBOSE ? `\n  allowlist used:\n${ALLOWED.map((a) => `    ${a.why}: ${[...new Set(used.get(a) ?? [])].join("; ")}`).join("\n")}` : "") +
        (process.env.HOSTILE_VERBOSE ? `\n  baselines:\n    ${baselines.join("\n    ")}` : ""),
    );
    expect(findings).toEqual([]);
    // every action route was reached with a form (scraped, or handmade where no page shows one)
    const reached = new Set(signatures.map((s) => s.template));
    expect(actionRoutes.map((r) => r.template).filter((t) => !reached.has(t)), "action routes no form reached").toEqual([]);
  }, 600_000);
});

// ---------------------------------------------------------------------------------------------
// Other tenants' records in the URL

describe("Harbor's records in Summit's URLs", () => {
  it("every route with a record id answers 404 to Summit's owner for Harbor's record, GET and POST, and writes nothing", async () => {
    const signatures = await signaturesOnce();
    const findings: string[] = [];
    const routes = (await loadRoutes()).filter((r) => paramNames(r.template).length > 0);
    let checked = 0;
    let state = await fingerprint();
    for (const route of routes) {
      // An invitation link is a bearer token, not a tenant record: whoever holds it may see the inviting organization's name.
      if (route.template === "invite/:token") continue;
      const [param] = paramNames(route.template);
      for (const id of harborIds[param] ?? []) {
        const url = urlOf(route.template, { [param]: id });
        const requests: [string, Request][] = [[`GET ${url}`, browsers.summit.get(url)]];
        if (typeof route.module.action === "function") {
          const bodies = signatures.filter((s) => s.template === route.template && s.who === "summit").map((s) => [s.intent ?? "-", baseline(s.form)] as const);
          for (const [intent, body] of bodies.length ? bodies : [["-", [] as Pairs] as const]) requests.push([`POST ${url} [${intent}]`, browsers.summit.post(url, body)]);
        }
        for (const [label, request] of requests) {
          const answer = await send(request);
          checked++;
          const after = await fingerprint();
          for (const problem of answerProblems(answer, true)) findings.push(`${label}: ${problem}`);
          if (answer.status !== 404) findings.push(`${label}: ${answer.status}${answer.location ? ` → ${answer.location}` : ""} (expected 404)`);
          if (after !== state) findings.push(`${label}: wrote ${changedTables(state, after).join(", ")}`);
          state = after;
        }
      }
    }
    console.info(`Harbor's ids in Summit's URLs: ${checked} requests over ${routes.length} routes`);
    expect(checked).toBeGreaterThan(routes.length);
    expect(findings).toEqual([]);
  }, 120_000);
});

// ---------------------------------------------------------------------------------------------
// Expired sessions

describe("a session past its idle or absolute lifetime", () => {
  it.each([
    ["idle", "last_seen_at = now() - interval '2 days'"],
    ["absolute", "expires_at = now() - interval '1 minute'"],
  ])("%s timeout: every action route refuses the post (login redirect or 401/403) and writes nothing", async (_kind, expire) => {
    const signatures = await signaturesOnce();
    const stale = await signedInBrowser(SUMMIT_OWNER, env().DEMO_PASSWORD, SUMMIT.id);
    const identity = await getIdentity(stale.get("/"));
    await owner.unsafe(`update sessions set ${expire} where id = $1`, [identity!.sessionId]);
    const findings: string[] = [];
    let state = await fingerprint();
    const seen = new Set<string>();
    for (const route of actionRoutes) {
      const s = signatures.find((o) => o.template === route.template && !seen.has(o.template));
      seen.add(route.template);
      const secret = SECRET_PAGES[route.template] ? await SECRET_PAGES[route.template]() : null;
      if (secret) state = await fingerprint(); // the new invitation or reset link is ours, not the request's
      const url = secret ? secret : s ? s.form.action : urlOf(route.template, Object.fromEntries(paramNames(route.template).map((p) => [p, summitIds[p]?.[0] ?? randomUUID()])));
      const answer = await send(stale.post(url, s ? baseline(s.form) : [], { multipart: s?.form.multipart }));
      const after = await fingerprint();
      const label = `POST ${url} [${s?.intent ?? "-"}]`;
      for (const problem of answerProblems(answer, true)) findings.push(`${label}: ${problem}`);
      const toLogin = answer.status >= 300 && answer.status < 400 && (answer.location ?? "").startsWith("/login");
      if (!toLogin && answer.status !== 401 && answer.status !== 403) findings.push(`${label}: ${answer.status}${answer.location ? ` → ${answer.location}` : ""}`);
      if (after !== state) findings.push(`${label}: wrote ${changedTables(state, after).join(", ")}`);
      state = after;
    }
    expect(seen.size).toBe(actionRoutes.length);
    expect(findings).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Markup and formulas stored through the real forms: escaped in pages, neutralised in exports

const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number written as text (an id column, "-5"): not a formula in any spreadsheet. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** Posts the form `key` on `page` as its baseline with `values` set; the answer must be a redirect. */
async function submitForm(page: string, key: string, values: Record<string, string>) {
  const form = scrapeForms((await send(browsers.summit.get(page))).body, page).find((f) => keyOf(f)?.key === key);
  if (!form) throw new Error(`no form ${key} on ${page}`);
  const pairs = baseline(form).map(([k, v]): [string, string | File] => [k, k in values ? values[k] : v]);
  const answer = await send(browsers.summit.post(form.action, pairs, { multipart: form.multipart }));
  expect(answer.status, `${key} on ${page}: ${formErrorsOf(answer.body)}`).toBe(303);
  return answer.location!;
}

describe("names holding markup and spreadsheet formulas", () => {
  const project = { id: "" };

  beforeAll(async () => {
    await ensureSummitSession();
    // the fuzz above may have stored the bare payload as a vendor name already: vendor names are unique
    const name = `${MARKUP_AND_FORMULA} ${randomUUID().slice(0, 6)}`;
    await submitForm("/vendors", "vendors create", { name, contactName: '=HYPERLINK("http://evil","contact")', taxId: "@SUM(1+1)" });
    const [vendor] = await owner`select id from vendors where organization_id = ${SUMMIT.id} and name = ${name}`;
    const created = await submitForm("/projects/new", "projects/new", { name: MARKUP_AND_FORMULA, clientName: "+1+cmd|' /C calc'!A0", address: "-2+3" });
    project.id = /\/projects\/([0-9a-f-]{36})/.exec(created)![1];
    await submitForm(`/projects/${project.id}/commitments/new`, "projects/:projectId/commitments/new", { vendorId: vendor.id, title: `=${MARKUP_AND_FORMULA}` });
    await submitForm(`/payables/new?projectId=${project.id}`, "payables/new direct", { vendorId: vendor.id, description: `@${MARKUP_AND_FORMULA}` });
  }, 60_000);

  it("pages show them escaped, never as live markup", async () => {
    const [commitment] = await owner`select id from commitments where project_id = ${project.id}`;
    const [invoice] = await owner`select id from ap_invoices where project_id = ${project.id}`;
    const pages = ["/vendors?size=200", "/projects?size=200", `/projects/${project.id}`, `/projects/${project.id}/commitments`, `/commitments/${commitment.id}`, "/payables", `/payables/${invoice.id}`, "/approvals", "/audit", "/payables/aging", "/wip"];
    const findings: string[] = [];
    for (const page of pages) {
      const answer = await send(browsers.summit.get(page));
      if (answer.status !== 200) findings.push(`GET ${page}: ${answer.status}`);
      for (const problem of answerProblems(answer, true)) findings.push(`GET ${page}: ${problem}`);
    }
    expect(findings).toEqual([]);
    // and the names are there, escaped: the check above is not vacuous
    expect((await send(browsers.summit.get("/vendors?size=200"))).body).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect((await send(browsers.summit.get(`/projects/${project.id}`))).body).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("every Excel export neutralises text that a spreadsheet would run, and holds no formula", async () => {
    const exports = (await loadRoutes()).filter((r) => r.template.endsWith(".xlsx"));
    const [payApp] = await owner`select id from pay_applications where organization_id = ${SUMMIT.id} order by number desc limit 1`;
    const [failed] = await owner`select i.id from imports i where organization_id = ${SUMMIT.id} order by (select count(*) from import_errors e where e.import_id = i.id) desc limit 1`;
    // the new project, and the demo project the fuzz stored most into (it has a contract, pay applications …)
    const [busiest] = await owner`select project_id as id from prime_contracts where organization_id = ${SUMMIT.id} order by updated_at desc limit 1`;
    const [wipClose] = await owner`select id from wip_closes where organization_id = ${SUMMIT.id} order by period_end desc, version desc limit 1`;
    // the vendor the fuzz renamed last (its hostile name reaches the vendor page's export)
    const [vendor] = await owner`select id from vendors where organization_id = ${SUMMIT.id} order by updated_at desc limit 1`;
    const findings: string[] = [];
    const urls = exports.flatMap((route) =>
      [project.id, busiest?.id ?? project.id].map((projectId) => ({ template: route.template, url: urlOf(route.template, { projectId, payAppId: payApp.id, importId: failed.id, closeId: wipClose.id, vendorId: vendor.id }) })),
    );
    const served = new Set<string>();
    const cellsOf: Record<string, string[]> = {};
    for (const { template, url } of [...new Map(urls.map((u) => [u.url, u])).values()]) {
      const response = await serve(browsers.summit.get(`${url}?size=1000`));
      // the new project has no contract yet: its contract export is a 404, the other project's is checked
      if (response.status === 404 && url.includes(project.id) && urls.some((u) => u.template === template && u.url !== url)) continue;
      if (response.status !== 200) {
        findings.push(`GET ${url}: ${response.status}`);
        continue;
      }
      served.add(template);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
      workbook.eachSheet((sheet) =>
        sheet.eachRow((row, rowNumber) =>
          row.eachCell((cell, column) => {
            const where = `${url} ${sheet.name}!R${rowNumber}C${column}`;
            if (cell.type === ExcelJS.ValueType.Formula) findings.push(`${where}: formula ${String(cell.formula)}`);
            const text = typeof cell.value === "string" ? cell.value : cell.type === ExcelJS.ValueType.RichText ? cell.text : null;
            if (text !== null && FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) findings.push(`${where}: ${JSON.stringify(text.slice(0, 60))}`);
            if (text !== null) (cellsOf[template] ??= []).push(text);
            const harbor = text ? markersIn(text, HARBOR_MARKERS) : [];
            if (harbor.length) findings.push(`${where}: Harbor's ${harbor.join(", ")}`);
          }),
        ),
      );
    }
    const neutralised = Object.values(cellsOf).flat().filter((t) => /^'[=+\-@]/.test(t)).length;
    console.info(`exports: ${served.size} of ${exports.length} checked, ${neutralised} neutralised cells`);
    expect(findings).toEqual([]);
    expect(served.size).toBe(exports.length);
    // the names reached the exports that list them, the ones a spreadsheet would run neutralised
    const has = (template: string, text: string) => (cellsOf[template] ?? []).some((t) => t.includes(text));
    for (const template of ["vendors/export.xlsx", "projects/export.xlsx", "payables/export.xlsx", "audit/export.xlsx", "projects/:projectId/commitments/export.xlsx"])
      expect(has(template, "<img src=x onerror=alert(1)>"), template).toBe(true);
    expect(cellsOf["vendors/export.xlsx"]).toContain(`'=HYPERLINK("http://evil","contact")`);
    expect(cellsOf["vendors/export.xlsx"]).toContain("'@SUM(1+1)");
    expect(cellsOf["projects/export.xlsx"]).toContain("'+1+cmd|' /C calc'!A0");
    expect(cellsOf["projects/:projectId/commitments/export.xlsx"]).toContain(`'=${MARKUP_AND_FORMULA}`);
  });
});

// ---------------------------------------------------------------------------------------------
// Pages and exports, fed hostile query strings

/** Every query parameter a loader reads (grep searchParams in app/), besides the page's own filter fields. */
const QUERY_KEYS = ["edit", "line", "token", "transfer", "transfers", "request", "redirectTo", "projectId", "project", "party", "page", "expand", "asOf", "again", "division", "confirmed", "sort", "dir", "size", "after"];
const ID_QUERY_KEYS = new Set(["edit", "line", "request", "projectId", "project", "party"]);

describe("hostile query strings on every page and export", () => {
  it("no 5xx, no trace, no live markup, no Harbor data, nothing written", async () => {
    const routes = (await loadRoutes()).filter((r) => r.template !== "*");
    const findings = new Set<string>();
    let checked = 0;
    await ensureSummitSession();
    let state = await fingerprint();
    for (const route of routes) {
      const path = urlOf(route.template, Object.fromEntries(paramNames(route.template).map((p) => [p, summitIds[p]?.[0] ?? randomUUID()])));
      const page = await send(browsers.summit.get(path));
      const keys = [...new Set([...QUERY_KEYS, ...(page.status === 200 ? queryFieldNames(page.body) : [])])];
      const harborFor = (key: string) => foreignIdFor(route.template, key === "line" ? "lineId" : key);
      const variants: [string, (key: string) => string][] = [
        ["sql", () => SQL_INJECTION],
        ["xss", () => SCRIPT_TAG],
        // long, within the 16 KB of headers Node's HTTP server accepts
        ["long", () => "A".repeat(Math.floor(12_000 / keys.length))],
        ["number", () => "-1e400"],
        ["date", () => "9999-99-99"],
        ["other-tenant", (key) => (ID_QUERY_KEYS.has(key) ? harborFor(key) : "")],
        ...IMPOSSIBLE_DATES.map((date): [string, () => string] => [`date:${date}`, () => date]),
        ["nul", () => NUL_TEXT],
      ];
      // forged cursors, for the sort the page links to (so a cursor of the right shape is not simply ignored) and another
      const sorted = /[?&;]sort=([A-Za-z0-9_]+)&(?:amp;)?dir=(asc|desc)/.exec(page.body) ?? [null, "createdAt", "desc"];
      for (const [sort, dir] of [[sorted[1], sorted[2]], ["number", "asc"]])
        for (const [i, cursor] of forgedCursors(sort, dir).entries())
          variants.push([`cursor:${sort}:${i}`, (key) => ({ sort, dir, after: cursor })[key] ?? ""]);
      for (const [label, value] of variants) {
        const query = new URLSearchParams(keys.map((k): [string, string] => [k, value(k)]).filter(([, v]) => v !== ""));
        const response = await serve(browsers.summit.get(`${path}?${query}`));
        checked++;
        const where = `GET ${path}?…=${label}`;
        const type = response.headers.get("Content-Type") ?? "";
        // readiness answers 503 while no worker runs (none does in tests): the probe's own answer, not a failure
        const readiness = route.template === "readyz" && response.status === 503;
        if (response.status >= 500 && !readiness) findings.add(`${where}: status ${response.status}`);
        if (type.includes("spreadsheetml")) {
          const workbook = new ExcelJS.Workbook();
          // a download that broke off mid-stream (bad input found after the 200 started) does not load
          const loaded = await response
            .arrayBuffer()
            .then((body) => workbook.xlsx.load(Buffer.from(body) as unknown as ExcelJS.Buffer))
            .then(() => true, (error: Error) => (findings.add(`${where}: broken download (${error.message.slice(0, 80)})`), false));
          if (!loaded) continue;
          const texts: string[] = [];
          workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void texts.push(cell.text))));
          const harbor = markersIn(texts.join("\n"), HARBOR_MARKERS);
          if (harbor.length) findings.add(`${where}: Harbor's ${harbor.join(", ")}`);
        } else if (type.includes("pdf")) await response.arrayBuffer();
        else
          for (const problem of answerProblems({ status: readiness ? 200 : response.status, location: null, body: await response.text() }, true)) findings.add(`${where}: ${problem}`);
        const after = await fingerprint();
        if (after !== state) findings.add(`${where}: wrote ${changedTables(state, after).join(", ")}`);
        state = after;
      }
    }
    console.info(`hostile query strings: ${checked} requests over ${routes.length} routes`);
    expect([...findings]).toEqual([]);
  }, 300_000);
});
