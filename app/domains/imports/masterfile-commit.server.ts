import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ImportSummary } from "@db/schema";
import { rawSql, type Tx } from "~/utils/db.server";
import { masterfileSheet, type SheetKey } from "./masterfile-spec";
import { commitOpeningPositions, OpeningRefused } from "./masterfile-opening-commit.server";
import { snake, UPSERTS, upsertSql } from "./masterfile-upserts";

/**
 * Writes the validated rows in the caller's one transaction: each sheet's staged CSV is COPYed into
 * a temp table (COPY is refused on tables under RLS; temp tables have none), then upserted with
 * `INSERT … SELECT … ON CONFLICT` under RLS, by natural key. Running it again with the same file
 * gives the same rows: creates become updates with the same values.
 */

export class CommitRefused extends Error {}

export type CommittedCounts = Record<string, { created: number; updated: number }>;

const ORDER = ["projects", "costCodes", "vendors", "commitments", "budgetLines", "commitmentLines", "milestones", "leads", "primeContracts", "sovLines", "openingCosts", "commitmentOpenings"] as const;
const ORG = "nullif(current_setting('app.organization_id', true), '')::uuid";

export type CommitInput = {
  summary: ImportSummary;
  openStaged: (sheet: SheetKey) => Promise<Readable>;
  onProgress: (rowsWritten: number) => Promise<void>;
};

export async function commitMasterfile(tx: Tx, input: CommitInput): Promise<CommittedCounts> {
  const raw = rawSql(tx);
  // Projects and commitments written moments ago in this transaction have no statistics yet: the
  // planner expects one row and picks nested loops that rescan a 50,000-row temp table per
  // project (measured: the two line upserts take 6 s instead of 4). Hash joins fit bulk loads.
  await raw.query("set local enable_nestloop = off");
  // With nested loops off, a plan that needs one (the commitments' vendor lookup) costs 1e10 and
  // crosses jit_above_cost: PostgreSQL then spent 0.6-0.9 s compiling it, for a 1,000-row insert.
  await raw.query("set local jit = off");
  const counts: CommittedCounts = {};
  let written = 0;
  for (const key of ORDER) {
    const sheet = input.summary[key];
    if (!sheet || sheet.create + sheet.update === 0) continue;
    const spec = masterfileSheet(key);
    const { temp, staged } = await stageSheet(raw, key, input.openStaged);
    const result = key === "vendors" ? await upsertVendors(raw, temp, sheet.columns) : (await raw.query<{ created: number; updated: number }>(upsertSql(UPSERTS[key], temp, sheet.columns, ORG)))[0];
    if (result.created + result.updated !== staged) {
      throw new CommitRefused(
        `${spec.name}: ${staged - result.created - result.updated} of ${staged} rows no longer match the records they refer to (a project, cost code, vendor or commitment was changed, locked or executed since the file was validated). Nothing was imported; retry to validate again.`,
      );
    }
    if (key === "costCodes" && sheet.columns.includes("division")) await linkDivisions(raw, temp);
    counts[key] = result;
    written += staged;
    await input.onProgress(written);
  }
  if (input.summary.openingPositions?.create || input.summary.openingPositions?.update) {
    const positions = await stageSheet(raw, "openingPositions", input.openStaged);
    const lines = input.summary.openingBilling?.create ? await stageSheet(raw, "openingBilling", input.openStaged) : null;
    const opening = await commitOpeningPositions(tx, { positions, lines }).catch((error: unknown) => {
      if (error instanceof OpeningRefused) throw new CommitRefused(`${error.message} Nothing was imported.`);
      throw error;
    });
    Object.assign(counts, opening.counts);
    await input.onProgress(written + opening.rows);
  }
  return counts;
}

/** COPYs a sheet's staged CSV into a temp table of text columns named like the spec keys. */
export async function stageSheet(raw: ReturnType<typeof rawSql>, key: SheetKey, openStaged: CommitInput["openStaged"]) {
  const temp = `import_${snake(key)}`;
  await raw.query(`create temp table ${temp} (row_number integer, ${masterfileSheet(key).columns.map((c) => `${snake(c.key)} text`).join(", ")}) on commit drop`);
  const source = await openStaged(key); // before COPY starts: a missing file must not leave COPY open
  await pipeline(source, raw.copyFrom(`copy ${temp} from stdin with (format csv)`));
  const [{ n: staged }] = await raw.query<{ n: number }>(`select count(*)::int as n from ${temp}`);
  return { temp, staged };
}

type Raw = ReturnType<typeof rawSql>;

/** Cost codes name their division by code; link them once every code of the file exists. */
async function linkDivisions(raw: Raw, temp: string) {
  await raw.query(`update cost_codes c set parent_id = p.id, updated_at = now(), version = c.version + 1
    from ${temp} t left join cost_codes p on p.code = t.division
    where c.code = t.code and c.parent_id is distinct from p.id`);
}

/** Vendors match by name, or else by tax id (a renamed vendor keeps its records). */
async function upsertVendors(raw: Raw, temp: string, present: readonly string[]) {
  const columns: [string, string][] = [
    ["name", "t.name"],
    ["contact_name", "coalesce(t.contact_name, '')"],
    ["email", "coalesce(t.email, '')"],
    ["phone", "coalesce(t.phone, '')"],
    ["tax_id", "coalesce(t.tax_id, '')"],
    ["insurance_expires_on", "t.insurance_expires_on::date"],
    ["lien_waiver_required", "t.lien_waiver_required::boolean"],
    ["lien_waiver_received", "t.lien_waiver_received::boolean"],
  ];
  const keyOf = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  await raw.query(`alter table ${temp} add column id uuid`);
  await raw.query(`update ${temp} t set id = v.id from vendors v where v.name = t.name`);
  await raw.query(`update ${temp} t set id = v.id from vendors v where t.id is null and coalesce(t.tax_id, '') <> '' and v.tax_id = t.tax_id`);
  const updates = columns.filter(([c]) => present.includes(keyOf(c))).map(([c, e]) => `${c} = ${e}`);
  const [updated] = await raw.query<{ n: number }>(`with u as (update vendors v set ${[...updates, "updated_at = now()"].join(", ")}
    from ${temp} t where v.id = t.id returning 1) select count(*)::int as n from u`);
  const [created] = await raw.query<{ n: number }>(`with i as (insert into vendors (organization_id, ${columns.map(([c]) => c).join(", ")})
    select ${ORG}, ${columns.map(([, e]) => e).join(", ")} from ${temp} t where t.id is null returning 1) select count(*)::int as n from i`);
  return { created: created.n, updated: updated.n };
}
