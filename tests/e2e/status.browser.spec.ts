import { expect, test } from "@playwright/test";
import { signInUI } from "./support/session";

// /status needs platform:status (owner, admin): the platform specs sign in as the demo admin.

test("the start page links to the platform status", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Construction finance, in one place" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Status" })).toHaveCount(0);
  await signInUI(page, "admin@demo.test");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Status" }).click();
  await expect(page).toHaveURL(/\/status$/);
  await expect(page.getByRole("heading", { name: "Platform status" })).toBeVisible();
});

test("status shows a healthy platform and a check makes the round trip through the worker", async ({ page }) => {
  await signInUI(page, "admin@demo.test", undefined, "/status");
  for (const label of ["Database", "Migrations", "Worker"]) {
    await expect(page.locator("dt", { hasText: label }).locator("..").getByText("OK", { exact: true })).toBeVisible();
  }

  const flash = page.getByRole("status");
  // The other browser project may have run a check a moment ago: the page then says to wait, and
  // the check is run again until it is queued.
  await expect(async () => {
    await page.getByRole("button", { name: "Run a check" }).click();
    await expect(flash).toHaveText(/Check queued/, { timeout: 2_000 });
  }).toPass({ intervals: [1_000], timeout: 20_000 });
  const newest = page.getByTestId("checks").locator("tbody tr").first();
  // Without JavaScript a meta refresh reloads the page; with it, the loader revalidates in place.
  await expect(newest.locator("td").nth(1)).not.toHaveText("pending", { timeout: 20_000 });
  await expect(newest.locator("td").nth(1)).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
});

test("an unknown address shows the 404 page inside the app shell", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
});

test("pages load without console errors or CSP violations", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Construction finance, in one place" })).toBeVisible();
  await signInUI(page, "owner@demo.test", undefined, "/status");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" }).click();
  await expect(page.getByRole("heading", { name: /^Hello, / })).toBeVisible();
  expect(problems).toEqual([]);
});
