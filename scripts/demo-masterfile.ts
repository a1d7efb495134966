/**
 * Writes a realistic masterfile for tests, benchmarks and demos:
 *   npm run demo:masterfile -- --rows 100000 [--out file.xlsx] [--seed 1] [--errors 0] [--job-prefix IMP]
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { writeMasterfile } from "~/domains/imports/masterfile-generator.server";
import { MASTERFILE_SHEETS } from "~/domains/imports/masterfile-spec";
import { formatBytes } from "~/domains/imports/upload-limits";

const USAGE = `Usage: npm run demo:masterfile -- --rows N [--out path] [--seed S] [--errors K] [--job-prefix P]
  --rows N          data rows across all sheets, 1 to 2,000,000 (required)
  --out path        where to write (default ./masterfile-<N>.xlsx)
  --seed S          whole number; the same seed writes the same contents (default 1)
  --errors K        number of invalid rows to inject (default 0)
  --job-prefix P    job numbers are P-0001, P-0002… (default IMP)`;

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} is required` })
    .regex(/^\d+$/, `${label} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${label} must be at least ${min}`).max(max, `${label} must be at most ${max.toLocaleString("en-US")}`));

const argsSchema = z.object({
  rows: wholeNumber("--rows", 1, 2_000_000),
  out: z.string().min(1, "--out needs a path").optional(),
  seed: wholeNumber("--seed", 0, 2 ** 32 - 1).optional(),
  errors: wholeNumber("--errors", 0, 2_000_000).optional(),
  "job-prefix": z.string().min(1, "--job-prefix cannot be empty").optional(),
});

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function readArgs() {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      options: { rows: { type: "string" }, out: { type: "string" }, seed: { type: "string" }, errors: { type: "string" }, "job-prefix": { type: "string" }, help: { type: "boolean" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) fail(parsed.error.issues.map((i) => i.message).join("\n"));
  return parsed.data;
}

const args = readArgs();
const path = resolve(args.out ?? `./masterfile-${args.rows}.xlsx`);
const started = performance.now();
let summary;
try {
  summary = await writeMasterfile({ path, rows: args.rows, seed: args.seed, errors: args.errors, jobPrefix: args["job-prefix"] });
} catch (error) {
  // Bad combinations (a job prefix that makes invalid job numbers, more errors than rows) are usage errors too.
  if (error instanceof RangeError) fail(error.message);
  throw error;
}
const seconds = (performance.now() - started) / 1000;
const { size } = await stat(path);

console.log(`Wrote ${summary.path}`);
for (const spec of MASTERFILE_SHEETS) console.log(`  ${spec.name.padEnd(18)} ${summary.sheets[spec.key].toLocaleString("en-US").padStart(10)}`);
console.log(`  ${"Total".padEnd(18)} ${summary.totalRows.toLocaleString("en-US").padStart(10)}${summary.errorRows ? ` (${summary.errorRows} invalid)` : ""}`);
console.log(`${seconds.toFixed(1)} s, ${formatBytes(size)}`);
