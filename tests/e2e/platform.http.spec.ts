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
