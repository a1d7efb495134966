import { expect, test, type Page } from "@playwright/test";
import { signInUI } from "./support/session";

// The project team page on a phone (390 × 844), JavaScript on and off, and the offline outbox:
// with JavaScript, adding a member while the connection is cut keeps the post on the device, shows
// it waiting, and sends it once when the connection returns — a second replay of the same kept
// post adds nothing. Without JavaScript the form posts as a plain form. A field member sees their
// projects and no money.

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

const scrollsSideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth > document.scrollingElement!.clientWidth);

/** The team page of demo project `jobNumber`, opened from the projects list. */
async function openTeam(page: Page, jobNumber: string) {
  await page.goto(`/projects?f.jobNumber=${jobNumber}`);
  await page.getByRole("link", { name: jobNumber, exact: true }).first().click();
  await page.getByRole("navigation", { name: "Project tabs" }).getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Team" })).toBeVisible();
}

const cards = (page: Page, name: string) => page.getByTestId("team-member").filter({ hasText: name });

/** The outbox's kept posts, read straight from IndexedDB. */
const keptEntries = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open("secg-outbox");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction("entries").objectStore("entries").getAll();
          all.onsuccess = () => resolve(all.result);
        };
      }),
  );

async function addMember(page: Page, name: string) {
  await page.getByLabel("Member").selectOption({ label: name });
  await page.getByLabel("Role on the project").selectOption({ label: "Foreman" });
  await page.getByRole("button", { name: "Add to team" }).click();
}

async function removeMember(page: Page, name: string) {
  await cards(page, name).getByRole("button", { name: /^Remove/ }).click();
  await expect(cards(page, name)).toHaveCount(0);
}

test("a member added while offline is sent once when the connection returns", async ({ page, context, javaScriptEnabled }, testInfo) => {
  await signInUI(page, "pm@demo.test");
  // one demo project per browser project: the two run side by side on one server
  await openTeam(page, javaScriptEnabled ? "2401" : "2205");
  expect(await scrollsSideways(page)).toBe(false);
  await page.screenshot({ path: testInfo.outputPath("team-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("team-desktop.png"), fullPage: true });
  await page.setViewportSize(PHONE);

  if (!javaScriptEnabled) {
    // A plain form post: the page comes back with the member and the message.
    await addMember(page, "Fiona Finch");
    await expect(page.getByRole("status")).toContainText("Fiona Finch is on the team as foreman.");
    await expect(cards(page, "Fiona Finch")).toHaveCount(1);
    await removeMember(page, "Fiona Finch");
    return;
  }

  await expect(page.getByTestId("outbox-status")).toHaveCount(0);
  await context.setOffline(true);
  await addMember(page, "Vera Vance");
  await expect(page.getByTestId("outbox-status")).toContainText("1 waiting to send");
  await expect(page.getByText("Saved on this device — will send when you are back online.")).toBeVisible();
  await page.getByTestId("outbox-status").locator("summary").click();
  await expect(page.getByTestId("outbox-entry")).toContainText("Add a team member");
  expect(await scrollsSideways(page)).toBe(false);
  await page.screenshot({ path: testInfo.outputPath("team-offline-waiting.png"), fullPage: true });
  const [kept] = await keptEntries(page);
  expect(kept).toMatchObject({ label: "Add a team member", status: "waiting" });

  await context.setOffline(false);
  await expect(page.getByTestId("outbox-status")).toHaveCount(0);
  await expect(cards(page, "Vera Vance")).toHaveCount(1);

  // The same kept post again (as if the page had closed before it was removed): a repeat, nothing new.
  await page.evaluate(
    (entry) =>
      new Promise<void>((resolve) => {
        const open = indexedDB.open("secg-outbox");
        open.onsuccess = () => {
          const tx = open.result.transaction("entries", "readwrite");
          tx.objectStore("entries").put(entry);
          tx.oncomplete = () => resolve();
        };
      }),
    kept,
  );
  await page.reload();
  await expect.poll(async () => (await keptEntries(page)).length).toBe(0);
  await page.reload();
  await expect(cards(page, "Vera Vance")).toHaveCount(1);

  // Online, the form is sent at once: the router shows the message.
  await addMember(page, "Fiona Finch");
  await expect(page.getByRole("status").filter({ hasText: "Fiona Finch is on the team as foreman." })).toBeVisible();
  await expect(cards(page, "Fiona Finch")).toHaveCount(1);
  await removeMember(page, "Fiona Finch");
  await removeMember(page, "Vera Vance");
});

test("a field member sees the projects of their team and no money", async ({ page }, testInfo) => {
  await signInUI(page, "field@demo.test");
  await page.goto("/projects");
  const rows = page.locator("main tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole("link", { name: "2301", exact: true })).toBeVisible();
  await page.getByRole("link", { name: "2301", exact: true }).click();
  await expect(page.getByRole("navigation", { name: "Project tabs" }).getByRole("link", { name: "Team" })).toBeVisible();
  await expect(page.getByText("Contract value")).toHaveCount(0);
  await expect(page.getByText("$")).toHaveCount(0);
  expect(await scrollsSideways(page)).toBe(false);
  await page.screenshot({ path: testInfo.outputPath("field-overview.png"), fullPage: true });
});
