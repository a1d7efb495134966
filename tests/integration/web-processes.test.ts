import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseUrls } from "@db/client";
import { newAccount } from "../support/identity-fixtures";
import { signIn, useDevelopmentCookies } from "../support/route-requests";

/**
 * The production bundle as `npm start`, Docker and Fly run it (`node build/server.js`, built first
 * when missing): with WEB_CONCURRENCY=2 two forked web processes share the port and serve signed-in
 * pages, each request looks its session up once (Server-Timing), and SIGTERM stops every process;
 * by default one process serves and no Server-Timing header is sent.
 */

interface Running {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
}

const SECRET = "web-processes-test-secret-0123456789abcdef";
let cookie: string;
const started: ChildProcess[] = [];

useDevelopmentCookies();
beforeAll(async () => {
  if (!existsSync("build/server.js") || !existsSync("build/server/index.js")) execFileSync("npm", ["run", "build"], { stdio: "ignore" });
  const account = await newAccount("webprocs");
  cookie = (await signIn(account.email)).get("/").headers.get("Cookie")!;
}, 300_000);
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
});

async function start(extra: Record<string, string>): Promise<Running> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST")));
  const child = spawn(process.execPath, ["build/server.js"], {
    env: {
      ...env,
      APP_DATABASE_URL: databaseUrls().app,
      WORKER_DATABASE_URL: databaseUrls().worker,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      RUN_WORKER: "false",
      STORAGE_SHARED: "true",
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      COOKIE_SECURE: "false",
      APP_URL: "http://127.0.0.1",
      SESSION_SECRET: SECRET,
      ...extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let out = "";
  child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Open:\s+http:\/\/localhost:(\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`build/server.js exited with ${code}:\n${out}`)));
  });
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => out };
}

/** A process's /proc stat line, or null when it exited between listing /proc and reading it. */
function procStat(entry: string): string | null {
  try {
    return readFileSync(`/proc/${entry}/stat`, { encoding: "utf8", flag: "r" }).toString();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ESRCH") return null;
    throw error;
  }
}

/** The processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number) {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      const stat = procStat(entry);
      return stat !== null && Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
    })
    .map(Number);
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

describe("node build/server.js", () => {
  it("forks WEB_CONCURRENCY web processes that share the port, look the session up once per request, and stop on SIGTERM", async () => {
    const server = await start({ WEB_CONCURRENCY: "2", SERVER_TIMING: "true" });
    expect(server.output()).toContain("Web:       2 processes (WEB_CONCURRENCY)");
    const web = childrenOf(server.child.pid!);
    expect(web).toHaveLength(2);

    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const response = await fetch(`${server.baseUrl}/settings/password`, { headers: { Cookie: cookie } });
        return { status: response.status, body: await response.text(), timing: response.headers.get("server-timing") ?? "" };
      })
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toContain("Change password");
      // One session lookup, in one statement: no "2×" on identity.
      expect(answer.timing).toMatch(/(^|, )identity;dur=[\d.]+(,|$)/);
      expect(answer.timing).toMatch(/(^|, )render;dur=[\d.]+/);
    }

    server.child.kill("SIGTERM");
    expect(await exitOf(server.child)).toBe(0);
    expect(web.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  }, 120_000);

  it("serves from one process without a Server-Timing header by default", async () => {
    const server = await start({});
    expect(server.output()).not.toContain("processes (WEB_CONCURRENCY)");
    expect(childrenOf(server.child.pid!)).toEqual([]);
    const response = await fetch(`${server.baseUrl}/settings/password`, { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("server-timing")).toBeNull();
    server.child.kill("SIGTERM");
    expect(await exitOf(server.child)).toBe(0);
  }, 120_000);
});
