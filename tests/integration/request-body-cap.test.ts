import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CSRF_FIELD } from "~/utils/csrf";
import { csrfToken } from "~/utils/csrf.server";
import { anonymousBrowser } from "../support/hostile-payloads";
import { newAccount } from "../support/identity-fixtures";
import { signIn, useDevelopmentCookies } from "../support/route-requests";

/**
 * The real Express app in a child process (tests/support/serve-app.ts) gets chunked multipart
 * bodies of many 1 MB parts, far over each route's cap, without and with a session: a visitor
 * without one is sent to sign in before any byte is read, a member is refused with 413 at the cap,
 * and after 20 such requests the server's resident memory is within 50 MB of where it started.
 */

const MB = 1024 * 1024;
/** What each request would send if the server let it: far over every cap. */
const ATTEMPT_BYTES = 64 * MB;
const BOUNDARY = "----secgBodyCap";

let child: ChildProcess;
let port: number;
let member: { cookie: string; token: string };
let visitor: { cookie: string; token: string };

useDevelopmentCookies();
beforeAll(async () => {
  const account = await newAccount("bodycap");
  const session = await signIn(account.email);
  const probe = session.get("/");
  member = { cookie: probe.headers.get("Cookie")!, token: await csrfToken(probe) };
  visitor = await anonymousBrowser();
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VITEST")));
  child = spawn(process.execPath, ["--import", "tsx", "tests/support/serve-app.ts"], {
    env: { ...env, NODE_ENV: "development", LOG_LEVEL: "silent", RUN_WORKER: "false" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`serve-app exited with ${code}`)));
  });
}, 120_000);
afterAll(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
});

const rssBytes = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))![1]) * 1024;

type Outcome = { status: number; location: string | null; sent: number };

/**
 * Posts a chunked multipart body (no Content-Length): the CSRF token, then 1 MB file parts until
 * the server answers or ATTEMPT_BYTES are sent. Stops writing as soon as an answer comes.
 */
function postChunked(path: string, who: { cookie: string; token: string }): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = httpRequest({
      host: "127.0.0.1",
      port,
      path,
      method: "POST",
      headers: {
        "Content-Type": `multipart/form-data; boundary=${BOUNDARY}`,
        Cookie: who.cookie,
        Origin: `http://127.0.0.1:${port}`,
        "Sec-Fetch-Site": "same-origin",
      },
    });
    req.on("response", (res) => {
      answered = true;
      res.resume();
      res.once("close", () => {
        resolve({ status: res.statusCode!, location: res.headers.location ?? null, sent });
        req.destroy();
      });
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const part = Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.alloc(MB, 0x41),
      Buffer.from("\r\n"),
    ]);
    // One part at a time, yielding in between, so an early answer is read before the next write
    // meets the connection the server closed after it.
    const write = () => {
      if (answered || req.destroyed) return;
      if (sent >= ATTEMPT_BYTES) return void req.end(`--${BOUNDARY}--\r\n`);
      sent += part.length;
      req.write(part, () => setImmediate(write));
    };
    req.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${CSRF_FIELD}"\r\n\r\n${who.token}\r\n`);
    write();
  });
}

const KINDS = [
  { name: "visitor → import", path: "/imports/new", who: () => visitor, expect: (o: Outcome) => expect([o.status, o.location?.startsWith("/login")]).toEqual([303, true]) },
  { name: "visitor → organization settings", path: "/settings/organization", who: () => visitor, expect: (o: Outcome) => expect([o.status, o.location?.startsWith("/login")]).toEqual([303, true]) },
  { name: "visitor → sign-in form", path: "/login", who: () => visitor, expect: (o: Outcome) => expect(o.status).toBe(413) },
  { name: "member → import", path: "/imports/new", who: () => member, expect: (o: Outcome) => expect(o.status).toBe(413) },
  // The first 1 MB part is over the logo's own 512 KB too: refused by whichever limit the parser meets first.
  { name: "member → organization settings", path: "/settings/organization", who: () => member, expect: (o: Outcome) => expect([400, 413]).toContain(o.status) },
];

describe("request bodies over the route's cap", () => {
  it.each(KINDS)("$name: answered before the body is read past the cap", async (kind) => {
    const outcome = await postChunked(kind.path, kind.who());
    kind.expect(outcome);
    // Answered while the client was still sending: the server did not wait for (and hold) the rest.
    expect(outcome.sent).toBeLessThan(ATTEMPT_BYTES);
  });

  it("a declared Content-Length over the cap is refused with 413 before the body", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/settings/organization`, {
      method: "POST",
      headers: { Cookie: member.cookie, Origin: `http://127.0.0.1:${port}`, "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(30 * MB) },
      body: "x",
    }).catch(() => null);
    // undici refuses a Content-Length that does not match the body; node:http sends it as given.
    if (response) expect(response.status).toBe(413);
  });

  it("20 such requests leave the server's memory within 50 MB of where it started", async () => {
    const before = rssBytes();
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 20; i++) outcomes.push(await postChunked(KINDS[i % KINDS.length].path, KINDS[i % KINDS.length].who()));
    const grown = rssBytes() - before;
    expect(grown / MB, `RSS grew by ${(grown / MB).toFixed(1)} MB`).toBeLessThan(50);
    outcomes.forEach((outcome, i) => KINDS[i % KINDS.length].expect(outcome));
  }, 60_000);
});
