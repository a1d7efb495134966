/**
 * The load test's virtual users: each signs in over HTTP (bench/http.ts signIn), reads its
 * session's CSRF token from a form, and until the deadline picks a request kind by weight and
 * runs it, with or without think time between two (bench/load.ts's profiles). Every response is
 * timed, its status and content checked, and its body (xlsx exports unzipped) searched for the
 * other tenant's markers.
 */
import { unzipSync } from "fflate";
import { signIn } from "./http";
import { foreignMarkersIn, markerForms } from "./load-integrity";

/** What a virtual user of one organization requests, prepared from the database before the run. */
export interface TenantPlan {
  organizationId: string;
  name: string;
  /** Short tag for the names this user creates ("S" / "H"). */
  tag: string;
  emails: string[];
  scaleProjectId: string;
  payAppId: string;
  /** Cursor of a deep page of /payables and the invoice number its first row shows. */
  deepCursor: string;
  deepFirstInvoice: string;
  /** The invoice number page 1 of /payables starts with. */
  firstInvoice: string;
  /** Approved invoices this organization's users may pay $1.00 on (dealt out, one set per user). */
  payableInvoices: string[];
  /** The other tenants' markers, none of which may appear in a response to this tenant's users. */
  foreign: { names: { name: string; forms: string[] }[]; ids: Set<string> };
}

export function foreignMarkers(names: string[], ids: Set<string>) {
  return { names: markerForms(names), ids };
}

type Group = "read" | "post" | "export";

export interface KindStats {
  key: string;
  label: string;
  group: Group;
  samples: number[];
  errors: number;
}

export interface Recorder {
  kinds: Map<string, KindStats>;
  /** The slowest requests: ms, what, and when (seconds since `started`). */
  slowest: { ms: number; what: string; at: number }[];
  started: number;
  errors: string[];
  leaks: string[];
  /** Responses searched for the other tenant's markers. */
  bodiesChecked: number;
  bytes: number;
}

export function newRecorder(started: number): Recorder {
  return { kinds: new Map(), slowest: [], started, errors: [], leaks: [], bodiesChecked: 0, bytes: 0 };
}

const SLOWEST = 8;

function noteSlow(recorder: Recorder, ms: number, what: string, startedAt: number) {
  if (recorder.slowest.length === SLOWEST && ms <= recorder.slowest[SLOWEST - 1].ms) return;
  recorder.slowest.push({ ms, what, at: Math.round((startedAt - recorder.started) / 100) / 10 });
  recorder.slowest.sort((a, b) => b.ms - a.ms);
  recorder.slowest.length = Math.min(recorder.slowest.length, SLOWEST);
}

const MAX_LOGGED = 30;

class Jar {
  private cookies = new Map<string, string>();
  constructor(header: string) {
    for (const pair of header.split(/;\s*/).filter(Boolean)) this.set(pair);
  }
  private set(pair: string) {
    const at = pair.indexOf("=");
    this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      // An expired cookie (flash read and cleared) is dropped, as a browser would.
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(pair.slice(0, pair.indexOf("=")).trim());
      else this.set(pair);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export interface VirtualUser {
  n: number;
  email: string;
  plan: TenantPlan;
  jar: Jar;
  csrf: string;
  payable: string[];
  /** Vendors created and payments recorded so far (names and the invoice rotation use them). */
  created: number;
  paid: number;
}

const CSRF = [/name="csrf"[^>]*value="([^"]+)"/, /value="([^"]+)"[^>]*name="csrf"/];

export async function signInUser(baseUrl: string, n: number, email: string, password: string, plan: TenantPlan, payable: string[]): Promise<VirtualUser> {
  const jar = new Jar(await signIn(baseUrl, email, password));
  const page = await fetch(`${baseUrl}/vendors`, { headers: { Cookie: jar.header() }, redirect: "manual" });
  jar.store(page);
  const html = await page.text();
  const csrf = CSRF.map((re) => re.exec(html)?.[1]).find(Boolean);
  if (page.status !== 200 || !csrf) throw new Error(`${email}: GET /vendors gave ${page.status}, CSRF token ${csrf ? "found" : "missing"}`);
  return { n, email, plan, jar, csrf, payable, created: 0, paid: 0 };
}

interface Expect {
  status: number[];
  /** Text the body must contain (proves the page rendered its data). */
  marker?: string;
  xlsx?: boolean;
}

/** The text a body carries for the tenant check: the HTML, or every XML part of an xlsx workbook. */
function bodyText(bytes: Uint8Array, xlsx: boolean) {
  if (!xlsx) return new TextDecoder().decode(bytes);
  const parts = unzipSync(bytes, { filter: (file) => file.name.endsWith(".xml") });
  return Object.values(parts)
    .map((p) => new TextDecoder().decode(p))
    .join("\n");
}

export class Traffic {
  constructor(
    private readonly baseUrl: string,
    private readonly recorder: Recorder,
  ) {}

  private kind(key: string, label: string, group: Group) {
    let stats = this.recorder.kinds.get(key);
    if (!stats) this.recorder.kinds.set(key, (stats = { key, label, group, samples: [], errors: 0 }));
    return stats;
  }

  private error(stats: KindStats, message: string) {
    stats.errors++;
    if (this.recorder.errors.length < MAX_LOGGED) this.recorder.errors.push(`${stats.label}: ${message}`);
  }

  /** One timed request (body included); null when it failed. */
  async request(vu: VirtualUser, kind: [string, string, Group], path: string, init: RequestInit, expect: Expect) {
    const stats = this.kind(...kind);
    const t0 = performance.now();
    let response: Response;
    let bytes: Uint8Array;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { ...init, redirect: "manual", headers: { ...init.headers, Cookie: vu.jar.header() } });
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      this.error(stats, `${init.method ?? "GET"} ${path}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    const elapsed = performance.now() - t0;
    stats.samples.push(elapsed);
    noteSlow(this.recorder, elapsed, `${stats.label} (${vu.plan.name})`, t0);
    this.recorder.bytes += bytes.length;
    vu.jar.store(response);
    let text: string;
    try {
      text = bodyText(bytes, !!expect.xlsx && response.status === 200);
    } catch (error) {
      this.error(stats, `${path}: the body is not a readable workbook (${error instanceof Error ? error.message : String(error)})`);
      return null;
    }
    this.recorder.bodiesChecked++;
    const leaked = foreignMarkersIn(text, vu.plan.foreign);
    if (leaked.length && this.recorder.leaks.length < MAX_LOGGED)
      this.recorder.leaks.push(`${vu.email} (${vu.plan.name}) ${init.method ?? "GET"} ${path}: ${leaked.join(", ")}`);
    if (!expect.status.includes(response.status)) {
      this.error(stats, `${init.method ?? "GET"} ${path} as ${vu.email}: status ${response.status}, expected ${expect.status.join("/")}: ${text.replace(/\s+/g, " ").slice(0, 300)}`);
      return null;
    }
    if (expect.marker && !text.includes(expect.marker)) {
      this.error(stats, `GET ${path} as ${vu.email}: ${JSON.stringify(expect.marker)} missing from the ${response.status} response`);
      return null;
    }
    return { response, text };
  }

  get(vu: VirtualUser, kind: [string, string, Group], path: string, marker?: string) {
    return this.request(vu, kind, path, { headers: { Accept: "text/html" } }, { status: [200], marker });
  }

  /** A urlencoded form post as a browser without JavaScript sends it; the action answers with a redirect. */
  post(vu: VirtualUser, kind: [string, string, Group], path: string, fields: Record<string, string>) {
    return this.request(
      vu,
      kind,
      path,
      {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: this.baseUrl, "Sec-Fetch-Site": "same-origin" },
        body: new URLSearchParams({ csrf: vu.csrf, ...fields }),
      },
      { status: [302, 303] },
    );
  }
}

export interface RequestKind {
  key: string;
  label: string;
  group: Group;
  weight: number;
  run(traffic: Traffic, vu: VirtualUser): Promise<unknown>;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Records a $1.00 payment on the next approved invoice dealt to this user (its form carries the version). */
async function payOneDollar(traffic: Traffic, vu: VirtualUser) {
  if (!vu.payable.length) return;
  const invoiceId = vu.payable[vu.paid++ % vu.payable.length];
  const page = await traffic.get(vu, ["paymentPage", "AP payments page (GET)", "read"], `/payables/${invoiceId}/payments`, "Payments");
  const version = page && /name="version" value="(\d+)"/.exec(page.text)?.[1];
  if (!version) return;
  await traffic.post(vu, ["payment", "record AP payment (POST)", "post"], `/payables/${invoiceId}/payments`, {
    intent: "pay",
    paidOn: today(),
    amount: "1.00",
    method: "ach",
    reference: `Load test ${vu.n}`,
    version,
  });
}

export const REQUEST_KINDS: RequestKind[] = [
  { key: "projects", label: "projects list", group: "read", weight: 8, run: (t, vu) => t.get(vu, ["projects", "projects list", "read"], "/projects", "Northgate Tower") },
  {
    key: "budget",
    label: "budget (2,000 lines, page 1)",
    group: "read",
    weight: 8,
    run: (t, vu) => t.get(vu, ["budget", "budget (2,000 lines, page 1)", "read"], `/projects/${vu.plan.scaleProjectId}/budget`, "01-7000"),
  },
  {
    key: "jobCost",
    label: "job cost report",
    group: "read",
    weight: 7,
    run: (t, vu) => t.get(vu, ["jobCost", "job cost report", "read"], `/projects/${vu.plan.scaleProjectId}/job-cost`, "01 General Requirements"),
  },
  { key: "payables", label: "/payables page 1", group: "read", weight: 8, run: (t, vu) => t.get(vu, ["payables", "/payables page 1", "read"], "/payables", vu.plan.firstInvoice) },
  {
    key: "payablesDeep",
    label: "/payables deep keyset page",
    group: "read",
    weight: 8,
    run: (t, vu) => t.get(vu, ["payablesDeep", "/payables deep keyset page", "read"], `/payables?after=${vu.plan.deepCursor}`, vu.plan.deepFirstInvoice),
  },
  {
    key: "payApp",
    label: "pay application (≈ 475 lines)",
    group: "read",
    weight: 7,
    run: (t, vu) => t.get(vu, ["payApp", "pay application (≈ 475 lines)", "read"], `/pay-apps/${vu.plan.payAppId}`, "N-2000"),
  },
  { key: "wip", label: "WIP schedule", group: "read", weight: 6, run: (t, vu) => t.get(vu, ["wip", "WIP schedule", "read"], "/wip", "W-001") },
  { key: "arAging", label: "/receivables/aging", group: "read", weight: 6, run: (t, vu) => t.get(vu, ["arAging", "/receivables/aging", "read"], "/receivables/aging", "Northgate") },
  { key: "apAging", label: "/payables/aging", group: "read", weight: 5, run: (t, vu) => t.get(vu, ["apAging", "/payables/aging", "read"], "/payables/aging", "AP aging") },
  { key: "audit", label: "/audit", group: "read", weight: 6, run: (t, vu) => t.get(vu, ["audit", "/audit", "read"], "/audit", "Audit") },
  {
    key: "vendor",
    label: "create vendor (POST)",
    group: "post",
    weight: 6,
    run: (t, vu) =>
      t.post(vu, ["vendor", "create vendor (POST)", "post"], "/vendors", {
        intent: "create",
        name: `Load Test Supply ${vu.plan.tag}${vu.n}-${++vu.created}`,
        contactName: "Load Tester",
        email: `load${vu.n}-${vu.created}@supply.example`,
        phone: "555-0100",
      }),
  },
  { key: "payment", label: "record AP payment (GET form + POST)", group: "post", weight: 10, run: payOneDollar },
  {
    key: "budgetExport",
    label: "budget export (.xlsx, 2,000 lines)",
    group: "export",
    weight: 4,
    run: (t, vu) =>
      t.request(vu, ["budgetExport", "budget export (.xlsx, 2,000 lines)", "export"], `/projects/${vu.plan.scaleProjectId}/budget/export.xlsx`, {}, { status: [200], marker: "01-7000", xlsx: true }),
  },
  {
    key: "apExport",
    label: "AP export (.xlsx, ≈ 10,000 invoices)",
    group: "export",
    weight: 1,
    run: (t, vu) => t.request(vu, ["apExport", "AP export (.xlsx, ≈ 10,000 invoices)", "export"], "/payables/export.xlsx?f.number=B-00", {}, { status: [200], marker: "B-009999", xlsx: true }),
  },
];

/** A user's pause between two actions (the payment's GET form + POST count as one action), ms: uniform in [minMs, maxMs]. */
export interface ThinkTime {
  minMs: number;
  maxMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs every user's loop until `deadline` (ms, performance.now()). With think time, each user
 * starts after a pause drawn the same way (users arrive spread out, not all in the first instant)
 * and stops thinking at the deadline.
 */
export async function runTraffic(traffic: Traffic, users: VirtualUser[], deadline: number, think: ThinkTime) {
  const total = REQUEST_KINDS.reduce((s, k) => s + k.weight, 0);
  const pick = () => {
    let r = Math.random() * total;
    for (const kind of REQUEST_KINDS) if ((r -= kind.weight) < 0) return kind;
    return REQUEST_KINDS[0];
  };
  const pause = async () => {
    const ms = think.minMs + Math.random() * (think.maxMs - think.minMs);
    if (ms > 0) await sleep(Math.max(0, Math.min(ms, deadline - performance.now())));
  };
  await Promise.all(
    users.map(async (vu) => {
      if (think.maxMs > 0) await sleep(Math.random() * think.maxMs);
      while (performance.now() < deadline) {
        await pick().run(traffic, vu);
        await pause();
      }
    }),
  );
}
