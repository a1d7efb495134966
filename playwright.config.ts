import { defineConfig } from "@playwright/test";
import { chromiumArgs, ensureChromium } from "./tests/e2e/chromium";

const port = Number(process.env.E2E_PORT ?? 3311);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  forbidOnly: true,
  expect: { timeout: 15_000 },
  workers: 2,
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT ?? "reports/playwright.json" }]],
  use: {
    baseURL,
    launchOptions: { executablePath: ensureChromium(), args: chromiumArgs },
  },
  projects: [
    { name: "js-enabled", testMatch: "**/*.browser.spec.ts", use: { javaScriptEnabled: true } },
    { name: "js-disabled", testMatch: "**/*.browser.spec.ts", use: { javaScriptEnabled: false } },
    { name: "http", testMatch: "**/*.http.spec.ts" },
  ],
  webServer: {
    command: "node --import tsx tests/e2e/serve.ts",
    url: `${baseURL}/readyz`,
    timeout: 180_000,
    reuseExistingServer: false,
    // SIGTERM, not the default SIGKILL: the server then stops its embedded PostgreSQL.
    gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
    stdout: "ignore",
    stderr: "pipe",
    env: { PORT: String(port), HOST: "127.0.0.1" },
  },
});
