import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { imports } from "@db/schema";
import { runCommit } from "~/domains/imports/import-commit-job.server";
import { runValidation } from "~/domains/imports/import-validate-job.server";
import { confirmImport, createImport, getImport } from "~/domains/imports/imports.server";
import { masterfileSheet, type SheetKey } from "~/domains/imports/masterfile-spec";
import { withTenant } from "~/utils/db.server";
import { objectStorage } from "~/utils/storage.server";

/**
 * Each demo organization's import history, made by the real pipeline (stored file, validation,
 * commit): a completed import of its sales pipeline, schedule and a new bid, and a second upload
 * whose errors wait on the preview page.
 */

type Rows = Partial<Record<SheetKey, unknown[][]>>;

async function workbook(rows: Rows): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = book.modified = new Date(Date.UTC(2026, 0, 5)); // the same bytes on every run
  for (const [key, data] of Object.entries(rows) as [SheetKey, unknown[][]][]) {
    const sheet = masterfileSheet(key);
    book.addWorksheet(sheet.name).addRows([sheet.columns.map((c) => c.header), ...data]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The organization's job to schedule and the bid its onboarding file adds: [job number, name, client, address]. */
export type DemoImportJobs = { active: string; bid: [string, string, string, string] };

const onboarding = ({ active: firstJob, bid }: DemoImportJobs): Rows => {
  const bidJob = bid[0];
  return {
  projects: [[...bid, "Bidding", "Lump sum", "2027-03-01", "2027-12-17", "5%"]],
  budgetLines: [
    [bidJob, "01-1000", "L", "General conditions", 186000],
    [bidJob, "03-3000", "S", "Foundations and slab", "$412,500.00"],
    [bidJob, "09-2900", "S", "Gypsum board", 138250.5],
  ],
  milestones: [
    [firstJob, "Foundations complete", "2026-05-29", "2026-06-03", "Inspection passed"],
    [firstJob, "Dry-in", "2026-09-18", "", "Roofing crew booked"],
    [firstJob, "Substantial completion", "2027-01-29", "", ""],
    [bidJob, "Bid due", "2026-12-15", "", "Owner pre-bid meeting on 12/2"],
  ],
  leads: [
    ["Northside Elementary addition", "Springfield School District 186", "Bid board", "Proposal", "2,450,000", "40%", "2027-02-26"],
    ["Clearwater clinic tenant finish", "Clearwater Health", "Referral", "Qualified", 680000, 0.6, "2027-01-15"],
    ["Mesa storage expansion", "Mesa Logistics", "Repeat client", "Negotiation", "$1,125,000.00", "75%", "2026-12-31"],
    ["Union Station food hall", "Union Station Partners", "Website", "Prospect", "", "", ""],
  ],
  };
};

const withErrors: Rows = {
  vendors: [
    ["Front Range Glazing", "Mia Park", "mia@frontrange", "(303) 555-0190", "84-2203311", "2026-13-01", "Yes", "No"],
    ["Alpine Mechanical", "Dev Shah", "dev@alpinemech.example", "(303) 555-0134", "84-7765120", "2027-06-30", "Yes", "Yes"],
  ],
  leads: [
    ["Eastgate retail center", "Eastgate Partners", "Cold call", "Proposal", "3,200,000", "35%", "2027-04-30"],
    ["Parkview senior living", "Parkview Living", "Referral", "Qualified", "(250,000)", "50%", "3/15/2027"],
    ["Riverbend office refresh", "Riverbend REIT", "Referral", "Prospect", 420000, "20%", "2027-05-14"],
  ],
};

async function upload(organizationId: string, userId: string, fileName: string, bytes: Buffer) {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const storageKey = `imports/${organizationId}/${sha256}.xlsx`;
  await objectStorage().put(storageKey, bytes);
  const { id } = await withTenant({ organizationId, userId }, (tx) => createImport(tx, { fileName, byteSize: bytes.length, sha256, storageKey, rowsEstimate: 0, userId }));
  const job = { organizationId, importId: id, attempt: 1, workerId: "demo-seed", requestId: "demo-seed" };
  await runValidation(job);
  await settled(organizationId, id); // a running worker may have taken the job first
  return { id, job };
}

async function settled(organizationId: string, id: string) {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const record = await withTenant({ organizationId }, (tx) => getImport(tx, id));
    if (record && !["queued", "parsing"].includes(record.status)) return record;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`demo import ${id} did not finish validating`);
}

/** Only for an organization without imports (the seed runs on every start). */
export async function seedImports(organizationId: string, userId: string, jobs: DemoImportJobs) {
  const [{ n }] = await withTenant({ organizationId }, (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(imports));
  if (n > 0) return;
  const first = await upload(organizationId, userId, "onboarding-masterfile.xlsx", await workbook(onboarding(jobs)));
  const validated = await settled(organizationId, first.id);
  await withTenant({ organizationId, userId }, (tx) => confirmImport(tx, { id: first.id, version: validated.version, userId }));
  await runCommit(first.job);
  await upload(organizationId, userId, "vendors-and-leads-update.xlsx", await workbook(withErrors));
}
