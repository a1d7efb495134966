import { isIP } from "node:net";
import type { Express, Request } from "express";
import type { ProxyTrust } from "./env.server";

/**
 * Lets Express believe exactly the configured proxies (X-Forwarded-Proto and -For): a number of
 * hops, or one for Fly's edge proxy. Never `true`, which would take the left-most X-Forwarded-For
 * value, one the client chooses.
 */
export function trustProxies(app: Express, trust: ProxyTrust) {
  if (trust.mode !== "none") app.set("trust proxy", trust.mode === "fly" ? 1 : trust.hops);
}

/**
 * The client's address for auth events and the per-IP sign-in limit. With `fly`, the Fly-Client-IP
 * header Fly's proxy sets on every request (replacing any the client sent); otherwise Express's
 * hop-counted req.ip.
 */
export function clientIp(req: Request, trust: ProxyTrust): string | null {
  if (trust.mode === "fly") {
    const fly = req.get("fly-client-ip")?.trim();
    if (fly && isIP(fly)) return fly;
  }
  return req.ip ?? null;
}
