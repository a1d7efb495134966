import { expect, test } from "@playwright/test";
import { HttpClient } from "./support/session";

test("pages carry the security headers, a nonce CSP matching the page's scripts, and a request id", async ({ request }) => {
  const response = await request.get("/login");
  expect(response.status()).toBe(200);
  const headers = response.headers();
  const csp = headers["content-security-policy"];
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  for (const part of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"]) expect(csp).toContain(part);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toContain("max-age=");
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const html = await response.text();
  const scriptNonces = [...html.matchAll(/<script[^>]*nonce="([^"]+)"/g)].map((m) => m[1]);
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
});

test("an incoming request id is kept; a malformed one is replaced", async ({ request }) => {
  const kept = await request.get("/healthz", { headers: { "X-Request-Id": "fly-abc12345-req" } });
  expect(kept.headers()["x-request-id"]).toBe("fly-abc12345-req");
  const replaced = await request.get("/healthz", { headers: { "X-Request-Id": "<script>" } });
  expect(replaced.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
});

test("/healthz and /readyz answer JSON", async ({ request }) => {
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toMatchObject({ ok: true });
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({
    ok: true,
    database: { ok: true },
    migrations: { ok: true },
    worker: { ok: true },
  });
});

test("a cross-site form post is refused with 403 and queues nothing, even with a valid token", async () => {
  const admin = await HttpClient.signedIn("admin@demo.test");
  const before = await admin.html("/status");
  const refused = await admin.post("/status", { intent: "run-check" }, { headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } });
  expect(refused.status()).toBe(403);
  const after = await admin.html("/status");
  const rows = (html: string) => (html.match(/<tr class="border-b border-slate-100"/g) ?? []).length;
  expect(rows(after)).toBe(rows(before));
  await admin.dispose();
});

test("unknown URLs are a 404 page without internals; built assets are cached immutably", async ({ request }) => {
  const missing = await request.get("/definitely-not-here");
  expect(missing.status()).toBe(404);
  const body = await missing.text();
  expect(body).toContain("Page not found");
  expect(body).not.toMatch(/at .*\.(ts|js):\d+/);
  const asset = /\/assets\/[^"]+\.css/.exec(await (await request.get("/")).text())?.[0];
  expect(asset).toBeTruthy();
  const css = await request.get(asset!);
  expect(css.status()).toBe(200);
  expect(css.headers()["cache-control"]).toContain("immutable");
});

test("every kind of response carries the security headers: page, redirect, 404, 403, Excel, PDF, JSON", async ({ request }) => {
  const finance = await HttpClient.signedIn("finance@demo.test");
  const field = await HttpClient.signedIn("field@demo.test");
  const payApps = await finance.html("/pay-apps");
  const payApp = /href="(\/pay-apps\/[0-9a-f-]{36})"/.exec(payApps)?.[1];
  expect(payApp, "a pay application in the demo").toBeTruthy();
  const responses = {
    page: await finance.get("/projects"),
    redirect: await request.get("/projects", { maxRedirects: 0 }),
    "not found": await finance.get("/projects/00000000-0000-4000-8000-000000000000"),
    forbidden: await field.get("/audit"),
    excel: await finance.get("/payables/export.xlsx"),
    pdf: await finance.get(`${payApp}/g702.pdf`),
    json: await request.get("/healthz"),
  };
  const expected = { page: 200, redirect: 303, "not found": 404, forbidden: 403, excel: 200, pdf: 200, json: 200 };
  for (const [kind, response] of Object.entries(responses)) {
    const headers = response.headers();
    expect(response.status(), kind).toBe(expected[kind as keyof typeof expected]);
    expect(headers["x-content-type-options"], kind).toBe("nosniff");
    expect(headers["content-security-policy"], kind).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"], kind).toBe("DENY");
    expect(headers["referrer-policy"], kind).toBe("strict-origin-when-cross-origin");
    expect(headers["strict-transport-security"], kind).toMatch(/max-age=\d+/);
  }
  expect(responses.excel.headers()["content-disposition"]).toMatch(/^attachment; filename="[A-Za-z0-9._-]+\.xlsx"$/);
  expect(responses.pdf.headers()["content-type"]).toContain("application/pdf");
  await finance.dispose();
  await field.dispose();
});
