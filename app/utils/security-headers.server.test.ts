import { describe, expect, it } from "vitest";
import { isCrossSiteWrite, securityHeaders } from "./security-headers.server";

describe("isCrossSiteWrite", () => {
  const host = "erp.example.com";
  it("lets reads and same-origin writes through", () => {
    expect(isCrossSiteWrite("GET", { host, origin: "https://evil.test", fetchSite: "cross-site" })).toBe(false);
    expect(isCrossSiteWrite("POST", { host, origin: `https://${host}`, fetchSite: "same-origin" })).toBe(false);
    expect(isCrossSiteWrite("POST", { host })).toBe(false);
  });
  it("refuses writes marked cross-site or same-site, or from another origin", () => {
    expect(isCrossSiteWrite("POST", { host, fetchSite: "cross-site" })).toBe(true);
    expect(isCrossSiteWrite("POST", { host, fetchSite: "same-site" })).toBe(true);
    expect(isCrossSiteWrite("DELETE", { host, origin: "https://evil.test" })).toBe(true);
    expect(isCrossSiteWrite("POST", { host, origin: "null" })).toBe(true);
    expect(isCrossSiteWrite("POST", { host, origin: "not a url" })).toBe(true);
  });
});

describe("securityHeaders", () => {
  it("builds a nonce CSP that forbids framing, plugins and base changes; HSTS only in production", () => {
    const prod = securityHeaders({ nonce: "abc", production: true, dev: false });
    expect(prod["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic'");
    for (const part of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"])
      expect(prod["Content-Security-Policy"]).toContain(part);
    expect(prod["Content-Security-Policy"]).not.toContain("unsafe-eval");
    expect(prod["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(prod["X-Content-Type-Options"]).toBe("nosniff");
    expect(prod["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(securityHeaders({ nonce: "abc", production: false, dev: true })["Strict-Transport-Security"]).toBeUndefined();
  });
});
