/**
 * The printable G702/G703-style document of one pay application: one plain model that the PDF
 * and the xlsx both render, so they always show the same numbers. The figures are the ones stored
 * on the application and its lines (a certified application reads exactly as it was certified);
 * only G, %, H and the column totals are derived here, with exact decimals.
 * The labels are our own words: AIA's form text is copyrighted and is not reproduced.
 */
import { eq } from "drizzle-orm";
import { organizations, users } from "@db/schema";
import { findContract } from "~/domains/contracts/contracts.server";
import { getProject } from "~/domains/projects/projects.server";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { statusLabel } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { dec, moneyString, sumMoney, type MoneyInput } from "~/utils/money";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { loadChangeOrderSummary } from "./g702-change-orders.server";
import { retainageTermsOf, summaryLines, type ChangeOrderSummary } from "./g702-vocabulary";
import { findPayApp, payAppLines, summaryOf, type PayAppLineRow } from "./pay-apps.server";

export type G702SummaryLine = {
  /** "1" … "9", with "5a"/"5b" as indented parts of line 5. */
  number: string;
  label: string;
  /** How the line is worked out ("line 6 − line 7"). */
  note?: string;
  amount: string;
  part?: boolean;
};

/** One continuation-sheet row: columns C–I of a schedule-of-values line, as decimal strings. */
export type ContinuationFigures = {
  scheduledValue: string;
  previousApplications: string;
  thisPeriod: string;
  storedMaterials: string;
  completedAndStored: string;
  /** G ÷ C as a percentage with 2 decimals ("84.97"); "0.00" when C = 0. */
  percentComplete: string;
  balanceToFinish: string;
  retainage: string;
};
export type ContinuationRow = ContinuationFigures & { lineNumber: number; description: string };

export type G702Document = {
  organization: { name: string; address: string; logo: { bytes: Buffer; contentType: string } | null };
  project: { jobNumber: string; name: string; address: string };
  contract: { ownerName: string; title: string };
  application: {
    number: number;
    kind: "progress" | "retainage_release" | "opening";
    status: string;
    periodEnd: string;
    applicationDate: string;
    dueDate: string;
    /** "Draft", "Certified on 2026-02-03 by Ann Lee", "Paid (certified on …)". */
    statusText: string;
  };
  summary: G702SummaryLine[];
  changeOrders: ChangeOrderSummary;
  rows: ContinuationRow[];
  totals: ContinuationFigures;
};

const percentOf = (part: MoneyInput, whole: MoneyInput) => {
  const p = dec(whole).isZero() ? dec(0) : dec(part).dividedBy(whole).times(100);
  return (p.isZero() ? dec(0) : p).toFixed(2);
};

function figures(c: MoneyInput, d: MoneyInput, e: MoneyInput, f: MoneyInput, i: MoneyInput): ContinuationFigures {
  const g = sumMoney([d, e, f]);
  return {
    scheduledValue: moneyString(c),
    previousApplications: moneyString(d),
    thisPeriod: moneyString(e),
    storedMaterials: moneyString(f),
    completedAndStored: moneyString(g),
    percentComplete: percentOf(g, c),
    balanceToFinish: moneyString(dec(c).minus(g)),
    retainage: moneyString(i),
  };
}

/** Each row from the stored line; the totals are sums of the rounded rows. */
function continuationSheet(lines: PayAppLineRow[]): { rows: ContinuationRow[]; totals: ContinuationFigures } {
  const rows = lines.map((l) => ({
    lineNumber: l.lineNumber,
    description: l.description,
    ...figures(l.scheduledValue, l.previousCompleted, l.thisPeriod, l.storedNow, l.retainage),
  }));
  const total = (key: keyof ContinuationFigures) => sumMoney(rows.map((r) => r[key]));
  return {
    rows,
    totals: figures(total("scheduledValue"), total("previousApplications"), total("thisPeriod"), total("storedMaterials"), total("retainage")),
  };
}

const IMAGE_TYPES = ["image/png", "image/jpeg"];

export async function organizationBranding(tx: Tx): Promise<G702Document["organization"]> {
  const [org] = await tx
    .select({ name: organizations.name, address: organizations.address, logo: organizations.logo, contentType: organizations.logoContentType })
    .from(organizations);
  if (!org) throw new Error("no organization in this transaction's tenant");
  // pdfkit embeds PNG and JPEG only; a WebP logo is left out rather than failing the document.
  const logo = org.logo && org.contentType && IMAGE_TYPES.includes(org.contentType) ? { bytes: org.logo, contentType: org.contentType } : null;
  return { name: org.name, address: org.address, logo };
}

function statusText(status: string, certifiedAt: Date | null, certifiedBy: string | null) {
  if (!certifiedAt) return statusLabel(status);
  const when = `on ${certifiedAt.toISOString().slice(0, 10)}${certifiedBy ? ` by ${certifiedBy}` : ""}`;
  return status === "certified" ? `Certified ${when}` : `${statusLabel(status)} (certified ${when})`;
}

async function userName(tx: Tx, userId: string | null) {
  if (!userId) return null;
  const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return user?.name ?? null;
}

/** The document of one pay application of the current tenant; RecordNotFound for a missing or another tenant's id. */
export async function loadG702Document(tx: Tx, payAppId: string): Promise<G702Document> {
  const app = await findPayApp(tx, payAppId);
  const project = await getProject(tx, app.projectId);
  const contract = await findContract(tx, app.projectId);
  const lines = await payAppLines(tx, app.id);
  const { rows, totals } = continuationSheet(lines);
  const summary = summaryOf(app);
  return {
    organization: await organizationBranding(tx),
    project: { jobNumber: project.jobNumber, name: project.name, address: project.address },
    contract: { ownerName: contract?.ownerName ?? project.clientName, title: contract?.title ?? "" },
    application: {
      number: app.number,
      kind: app.kind,
      status: app.status,
      periodEnd: app.periodEnd,
      applicationDate: app.applicationDate,
      dueDate: app.dueDate,
      statusText: statusText(app.status, app.certifiedAt, await userName(tx, app.certifiedBy)),
    },
    summary: summaryLines(summary, retainageTermsOf(app, lines)).map(({ number, label, note, amount, part }) => ({ number, label, amount, ...(note ? { note } : {}), ...(part ? { part } : {}) })),
    changeOrders: await loadChangeOrderSummary(tx, app),
    rows,
    totals,
  };
}

/** The document for a download route: receivables:read, and 404 for a malformed, missing or foreign id. */
export async function g702DocumentForRequest(request: Request, payAppId: string | undefined, format: "pdf" | "xlsx"): Promise<G702Document> {
  const member = await requireMember(request, "receivables:read");
  if (!isUuid(payAppId)) throw notFoundResponse(new RecordNotFound("pay application"));
  return withTenant(member.tenant, async (tx) => {
    const document = await loadG702Document(tx, payAppId);
    await recordDataAccess(tx, { view: "pay_app", format, filters: { payAppId }, rowCount: document.rows.length });
    return document;
  }).catch((error: unknown) => {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  });
}

/** `pay-app-<job>-<number>`, safe inside a quoted Content-Disposition filename. */
export function g702FileBase(document: G702Document): string {
  const job = document.project.jobNumber.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 60);
  return `pay-app-${job || "job"}-${document.application.number}`;
}

export const KIND_LABELS: Record<G702Document["application"]["kind"], string> = {
  progress: "Progress billing",
  retainage_release: "Retainage release",
  opening: "Opening position",
};
