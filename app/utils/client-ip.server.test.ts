import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { clientIp, trustProxies } from "./client-ip.server";
import { loadEnv } from "./env.server";

/** What the app records as the client's address, behind the proxies TRUST_PROXY describes, over real HTTP. */
async function seenIp(trustProxy: string, headers: Record<string, string>) {
  const trust = loadEnv({ TRUST_PROXY: trustProxy }).TRUST_PROXY;
  const app = express();
  trustProxies(app, trust);
  app.get("/", (req, res) => void res.json({ ip: clientIp(req, trust) }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers });
    return ((await response.json()) as { ip: string }).ip;
  } finally {
    server.close();
  }
}

// The client wrote the left part; each proxy appended the address it saw.
const SPOOFED = { "X-Forwarded-For": "6.6.6.6, 198.51.100.20" };

describe("client address behind proxies", () => {
  it("without TRUST_PROXY, the socket's address; forwarded headers are ignored", async () => {
    expect(await seenIp("false", SPOOFED)).toBe("127.0.0.1");
  });

  it("with one hop, the address the one proxy saw, never the left-most value the client chose", async () => {
    expect(await seenIp("1", SPOOFED)).toBe("198.51.100.20");
  });

  it("with two hops, one further left", async () => {
    expect(await seenIp("2", { "X-Forwarded-For": "6.6.6.6, 203.0.113.9, 10.0.0.2" })).toBe("203.0.113.9");
  });

  it("on Fly, the Fly-Client-IP header Fly's proxy sets", async () => {
    expect(await seenIp("fly", { ...SPOOFED, "Fly-Client-IP": "203.0.113.5" })).toBe("203.0.113.5");
  });

  it("refuses TRUST_PROXY=true, which would believe any X-Forwarded-For", () => {
    expect(() => loadEnv({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY: must be "false", "fly" or the number of proxy hops/);
    expect(() => loadEnv({ TRUST_PROXY: "10" })).toThrow(/TRUST_PROXY/);
    expect(loadEnv({}).TRUST_PROXY).toEqual({ mode: "none" });
  });
});
