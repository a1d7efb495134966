import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ALLOWED_SKIPS } from "./allowed-skips";

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
  missing: string[];
  /** Skipped tests not listed in tests/allowed-skips.ts: each one counts as failed. */
  unlistedSkips: string[];
  line: string;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: { name: string; status: string; assertionResults: { status: string; fullName: string }[] }[];
}
interface PlaywrightSuite {
  title: string;
  file?: string;
  specs?: { title: string; file: string; tests: { status: string; projectName: string }[] }[];
  suites?: PlaywrightSuite[];
}
interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors?: unknown[];
  suites?: PlaywrightSuite[];
}

const VITEST_SKIPPED = new Set(["skipped", "pending", "todo"]);

/** `file › full title` of every skipped test in a report. */
function skippedTests(report: VitestReport | PlaywrightReport): string[] {
  if ("stats" in report) {
    const found: string[] = [];
    const walk = (suite: PlaywrightSuite, titles: string[]) => {
      const here = suite.file && titles.length === 0 ? [] : [...titles, suite.title];
      for (const spec of suite.specs ?? [])
        for (const t of spec.tests) if (t.status === "skipped") found.push(`tests/e2e/${spec.file} › ${[...here, spec.title].filter(Boolean).join(" › ")}`);
      for (const child of suite.suites ?? []) walk(child, here);
    };
    for (const suite of report.suites ?? []) walk(suite, []);
    return found;
  }
  return (report.testResults ?? []).flatMap((file) =>
    file.assertionResults.filter((a) => VITEST_SKIPPED.has(a.status)).map((a) => `${path.relative(process.cwd(), file.name)} › ${a.fullName}`),
  );
}

/**
 * Adds up vitest and Playwright JSON reports. A missing report, a suite that failed to load or a
 * Playwright global error counts as one failure, so a crash can never read as green.
 */
export function summarize(files: string[]): Totals {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const missing: string[] = [];
  const unlistedSkips: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) {
      missing.push(file);
      failed += 1;
      continue;
    }
    const report = JSON.parse(readFileSync(file, "utf8")) as VitestReport | PlaywrightReport;
    for (const name of skippedTests(report)) if (!(name in ALLOWED_SKIPS)) unlistedSkips.push(name);
    if ("stats" in report) {
      passed += report.stats.expected + report.stats.flaky;
      failed += report.stats.unexpected + (report.errors?.length ?? 0);
      skipped += report.stats.skipped;
    } else {
      passed += report.numPassedTests;
      // A file that failed to load (or failed in a hook) has no failed test of its own: count it.
      const brokenFiles = (report.testResults ?? []).filter(
        (f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed"),
      ).length;
      failed += report.numFailedTests + brokenFiles;
      skipped += report.numPendingTests + report.numTodoTests;
    }
  }
  failed += unlistedSkips.length;
  const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
  return { passed, failed, skipped, missing, unlistedSkips, line };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const totals = summarize(process.argv.slice(2));
  for (const file of totals.missing) console.error(`missing report: ${file}`);
  for (const name of totals.unlistedSkips) console.error(`skipped without a reason in tests/allowed-skips.ts (counted as failed): ${name}`);
  console.log(totals.line);
  process.exit(totals.failed === 0 ? 0 : 1);
}
