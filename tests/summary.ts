import { existsSync, readFileSync } from "node:fs";

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
  missing: string[];
  line: string;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: { status: string; assertionResults: { status: string }[] }[];
}
interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  errors?: unknown[];
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
  for (const file of files) {
    if (!existsSync(file)) {
      missing.push(file);
      failed += 1;
      continue;
    }
    const report = JSON.parse(readFileSync(file, "utf8")) as VitestReport | PlaywrightReport;
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
  const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
  return { passed, failed, skipped, missing, line };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const totals = summarize(process.argv.slice(2));
  for (const file of totals.missing) console.error(`missing report: ${file}`);
  console.log(totals.line);
  process.exit(totals.failed === 0 ? 0 : 1);
}
