/**
 * `npm test`: every suite on a fresh clone. The production build, Vitest (unit + integration
 * against a real database), then Playwright (JS on, JS off, HTTP). Each runner writes a JSON
 * report to reports/; the summary line is computed from those reports.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { ensureChromium } from "./e2e/chromium";
import { summarize } from "./summary";

const run = (command: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } }).status === 0;

const only = process.argv[2]; // "unit" runs vitest only (used by .ci/run for a second PostgreSQL)
const tag = process.env.TEST_REPORT_TAG ? `-${process.env.TEST_REPORT_TAG}` : "";
mkdirSync("reports", { recursive: true });
rmSync(`reports/vitest${tag}.json`, { force: true });
rmSync(`reports/playwright${tag}.json`, { force: true });

// The production bundles first: Playwright serves them, and tests/integration/web-processes.test.ts runs build/server.js.
const builtOk = only === "unit" || run("npm", ["run", "build"]);
const unitOk = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=reports/vitest${tag}.json`]);
let e2eOk = true;
if (only !== "unit") {
  ensureChromium();
  e2eOk = builtOk && run("npx", ["playwright", "test"], { PLAYWRIGHT_JSON_OUTPUT: `reports/playwright${tag}.json` });
}

const totals = summarize([`reports/vitest${tag}.json`, ...(only === "unit" ? [] : [`reports/playwright${tag}.json`])]);
for (const name of totals.unlistedSkips) console.error(`skipped without a reason in tests/allowed-skips.ts (counted as failed): ${name}`);
console.log(totals.line);
process.exit(builtOk && unitOk && e2eOk && totals.failed === 0 && totals.missing.length === 0 ? 0 : 1);
