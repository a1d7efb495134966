import { currentRequestIp } from "./logger.server";

/** Client address (from server.ts, honouring TRUST_PROXY) and a bounded user agent. */
export function requestInfo(request: Request) {
  return {
    ip: currentRequestIp(),
    userAgent: (request.headers.get("user-agent") ?? "").slice(0, 300) || null,
  };
}
