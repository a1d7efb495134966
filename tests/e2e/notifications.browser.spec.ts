import { expect, test } from "@playwright/test";
import { signInUI } from "./support/session";

// The demo seed tells finance@demo.test of each pending approval request (db/seed/demo-notifications.ts).
// Both browser projects use the same database: assertions are about one item, not exact totals.

test("an approver sees the waiting count and the inbox item, opens the inbox and marks the item read", async ({ page }) => {
  await signInUI(page, "finance@demo.test");
  const header = page.getByTestId("header-inbox");
  await expect(header.getByRole("link", { name: /^Waiting on me: [1-9]\d*$/ })).toBeVisible();
  await header.getByRole("link", { name: /^Notifications: \d+ unread$/ }).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();

  const unreadItems = page.getByTestId("inbox").locator("li[data-unread]");
  const item = unreadItems.filter({ hasText: "Approval needed" }).first();
  const title = (await item.getByRole("button").first().textContent())!.trim();
  const link = await item.getByRole("link", { name: "View" }).getAttribute("href");
  expect(link).toMatch(/^\/(change-orders|commitments|payables)\/[0-9a-f-]{36}$/);
  const itemByLink = page.getByTestId("inbox").locator("li").filter({ has: page.locator(`a[href="${link}"]`) });
  await itemByLink.getByRole("button", { name: "Mark read" }).click();
  await expect(itemByLink).not.toHaveAttribute("data-unread");
  await expect(itemByLink.getByText("Unread", { exact: true })).toHaveCount(0);
  await expect(itemByLink.getByRole("button", { name: title })).toBeVisible();

  // the item leads to its record
  await itemByLink.getByRole("link", { name: "View" }).click();
  await expect(page).toHaveURL(new RegExp(`${link}$`));

  // the queue lists what waits on the approver, each linked to its record
  await page.goto("/waiting");
  await expect(page.getByRole("heading", { name: "Waiting on me", level: 1 })).toBeVisible();
  await expect(page.getByTestId("waiting-section").getByRole("link").first()).toHaveAttribute("href", /^\/(change-orders|commitments|payables|pay-apps)\//);
});
