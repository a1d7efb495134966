/**
 * Fills a database with the demo at benchmark scale (QUALITY.md): the demo organizations, then for
 * the first N of them ≥ 100 projects, 2,000 cost codes, 100,000 AP invoice lines, 20,000
 * commitment lines and 5,000 pay application lines each (bench/scale-dataset.ts).
 */
import { parseArgs } from "node:util";
import { sqlClient, type SqlClient } from "@db/sql-client";
import { z } from "zod";
import { resolveDatabase } from "@db/bootstrap";
import { closeDatabase, databaseUrls } from "@db/client";
import { migrate } from "@db/migrate";
import { DEMO_ORGANIZATIONS, seedDemo } from "@db/seed/demo";
import { addScaleDataset, COUNTED_TABLES, missedTargets, SCALE_TARGETS, scaleCounts } from "../bench/scale-dataset";

const USAGE = `Usage: npm run demo:scale -- [--orgs 1|2]
  --orgs N   how many demo organizations to bring to scale: 1 (Summit Builders) or 2 (and Harbor Construction); default 2

The database: DATABASE_URL (its owner role: migrations run, the demo is seeded, then the bulk rows
are added), or when DATABASE_URL is unset the embedded PostgreSQL that \`npm start\` uses, in
DATA_DIR/pg (default ./.data/pg). Stop \`npm start\` first in that case: this script starts that
server itself and stops it when done. Running it again adds only what is missing ("already at
scale: skipped" when nothing is).`;

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function readArgs() {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ options: { orgs: { type: "string" }, help: { type: "boolean" } }, strict: true, allowPositionals: false }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = z
    .object({ orgs: z.enum(["1", "2"], { error: "--orgs must be 1 or 2" }).default("2").transform(Number) })
    .safeParse(values);
  if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join("\n"));
  return parsed.data;
}

const args = readArgs();
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const started = performance.now();
const log = (line: string) => console.log(line);

const embedded = await resolveDatabase(log);
let owner: SqlClient | null = null;
let exitCode = 0;
try {
  const urls = databaseUrls();
  await migrate(urls);
  await seedDemo();
  log(`Database ready (migrations, demo organizations) in ${seconds(started)} s: ${embedded ? `embedded PostgreSQL in ${embedded.dataDir}` : "DATABASE_URL"}`);
  owner = sqlClient(urls.owner, { max: 4 });
  const organizations = DEMO_ORGANIZATIONS.slice(0, args.orgs);
  // The organizations in parallel: one connection each, and PostgreSQL has a core for each.
  const scaleStarted = performance.now();
  await Promise.all(
    organizations.map(async (org) => {
      const result = await addScaleDataset(owner!, org.id);
      log(
        result.added.length
          ? `${org.name}: added ${result.added.join(", ")} in ${seconds(scaleStarted)} s`
          : `${org.name}: already at scale: skipped`,
      );
    }),
  );
  const counts = await Promise.all(organizations.map((org) => scaleCounts(owner!, org.id)));
  log("");
  log(`| table | ${organizations.map((o) => o.name).join(" | ")} | target per organization |`);
  log(`|---|${organizations.map(() => "---:|").join("")}---:|`);
  for (const table of COUNTED_TABLES) {
    const target = SCALE_TARGETS[table];
    log(`| ${table} | ${counts.map((c) => c[table].toLocaleString("en-US")).join(" | ")} | ${target ? `≥ ${target.toLocaleString("en-US")}` : "—"} |`);
  }
  const missed = organizations.flatMap((org, i) => missedTargets(counts[i]).map((m) => `${org.name}: ${m}`));
  log("");
  if (missed.length) {
    log(`Below the demo scale:\n  ${missed.join("\n  ")}`);
    exitCode = 1;
  }
  log(`Done in ${seconds(started)} s.`);
} finally {
  await owner?.end({ timeout: 5 });
  await closeDatabase();
  await embedded?.stop();
}
process.exit(exitCode);
