import { expect, test } from "@playwright/test";
import { inputValue } from "./support/identity-http";
import { HttpClient } from "./support/session";

// A form posted twice (double click, resend after a timeout) against the real server: the page's
// submission token makes the second post lead to what the first created, not to a second record
// or a "job number taken" error.
test.describe("duplicate form submission", () => {
  test("the New project form posted twice at once with its token creates one project; a new render's token creates again", async () => {
    const pm = await HttpClient.signedIn("pm@demo.test");
    const page = await pm.html("/projects/new");
    const token = inputValue(page, "submission");
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    const csrf = inputValue(page, "csrf")!;
    const jobNumber = `DS-${Date.now().toString(36)}`;
    const fields = { jobNumber, name: "Double-click clinic", status: "bidding", contractType: "lump_sum", defaultRetainagePercent: "10", submission: token! };

    const [first, second] = await Promise.all([pm.post("/projects/new", fields, { csrf }), pm.post("/projects/new", fields, { csrf })]);
    expect([first.status(), second.status()]).toEqual([303, 303]);
    const location = first.headers().location;
    expect(location).toMatch(/^\/projects\/[0-9a-f-]{36}$/);
    expect(second.headers().location).toBe(location);
    const list = await pm.html(`/projects?f.jobNumber=${jobNumber}`);
    expect(list.match(new RegExp(`href="/projects/[0-9a-f-]{36}"[^>]*>${jobNumber}<`, "g")) ?? []).toHaveLength(1);

    // The page rendered again carries a new token: a second project is a new submission.
    const again = await pm.html("/projects/new");
    const next = inputValue(again, "submission");
    expect(next).not.toBe(token);
    const other = await pm.post("/projects/new", { ...fields, jobNumber: `${jobNumber}-2`, submission: next! }, { csrf: inputValue(again, "csrf")! });
    expect(other.status()).toBe(303);
    expect(other.headers().location).not.toBe(location);
  });
});
