import { randomBytes } from "node:crypto";

export const newNonce = () => randomBytes(16).toString("base64");

/** Response headers for every page; `dev` loosens CSP just enough for Vite's HMR client. */
export function securityHeaders(options: { nonce: string; production: boolean; dev: boolean }): Record<string, string> {
  const { nonce, production, dev } = options;
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    ...(production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}

/**
 * Refuses state-changing requests that a browser marks as coming from another site
 * (Sec-Fetch-Site) or whose Origin is not this host. Session-bound CSRF tokens come on top.
 */
export function isCrossSiteWrite(method: string, headers: { origin?: string; host?: string; fetchSite?: string }) {
  if (["GET", "HEAD", "OPTIONS"].includes(method)) return false;
  if (headers.fetchSite && !["same-origin", "none"].includes(headers.fetchSite)) return true;
  if (headers.origin && headers.origin !== "null") {
    try {
      return new URL(headers.origin).host !== headers.host;
    } catch {
      return true;
    }
  }
  return headers.origin === "null";
}
