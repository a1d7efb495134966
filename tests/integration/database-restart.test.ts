import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { sqlClient, type SqlClient } from "@db/sql-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appPool, closeDatabase, databaseUrls } from "@db/client";
import { createDatabaseIfMissing } from "@db/bootstrap";
import { pgCtlPath, startEmbedded, type EmbeddedServer } from "@db/embedded";
import { migrate } from "@db/migrate";
import * as newProjectRoute from "~/domains/projects/routes/project-new";
import * as projectsRoute from "~/domains/projects/routes/projects";
import { resetEnv } from "~/utils/env.server";
import { currentRequestId, logger, requestScope } from "~/utils/logger.server";
import { newAccount } from "../support/identity-fixtures";
import { callRoute, signIn, useDevelopmentCookies, type Answer, type SignedIn } from "../support/route-requests";

/**
 * `pg_ctl restart -m immediate` (a crash and recovery, as on a failover) on a PostgreSQL server of
 * this file's own while signed-in users keep loading a page and creating projects through the
 * routes. Every request either succeeds or answers 503 with Retry-After and a plain message (never
 * a 500 or a stack trace); a create that answered 503 wrote nothing; once the server is back the
 * same process and pool serve requests again.
 */

const USERS = 4;
let root: string | null = null;
let server: EmbeddedServer | null = null;
let owner: SqlClient | null = null;
const urlBefore = process.env.DATABASE_URL;
let organizationId: string;
let sessions: SignedIn[];

useDevelopmentCookies();
beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "secg-restart-"));
  chmodSync(root, 0o755); // the postgres OS user must traverse it
  server = await startEmbedded({ dataDir: path.join(root, "pg") });
  process.env.DATABASE_URL = await createDatabaseIfMissing(server.url, "secg_restart");
  resetEnv();
  await closeDatabase();
  await migrate(databaseUrls());
  owner = sqlClient(databaseUrls().owner, { max: 1 });
  const account = await newAccount("restart");
  organizationId = account.organizationId;
  sessions = await Promise.all(Array.from({ length: USERS }, () => signIn(account.email)));
}, 60_000);
afterAll(async () => {
  await owner?.end({ timeout: 5 });
  await closeDatabase();
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
  process.env.DATABASE_URL = urlBefore;
  resetEnv();
});

/** `pg_ctl restart -m immediate`, run in the background so requests go on meanwhile. */
async function restartImmediately(dataDir: string) {
  const args = ["-D", dataDir, "restart", "-m", "immediate", "-w", "-t", "60", "-l", path.join(dataDir, "server.log")];
  const pgCtl = await pgCtlPath();
  const [command, ...rest] = userInfo().uid === 0 ? ["runuser", "-u", "postgres", "--", pgCtl, ...args] : [pgCtl, ...args];
  const child = spawn(command, rest, { stdio: "ignore" });
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart exited with ${code}`))));
  });
}

type Sent = { kind: "page" | "create"; user: number; requestId: string; jobNumber?: string; at: number; answer?: Answer; threw?: string };

let sequence = 0;
/** One request as server.ts serves it: inside a request scope, so database failures answer 503. */
async function send(who: SignedIn, kind: Sent["kind"], user: number): Promise<Sent> {
  const requestId = `restart-${++sequence}`;
  const jobNumber = kind === "create" ? `R-${user}-${sequence}` : undefined;
  const sent: Sent = { kind, user, requestId, jobNumber, at: Date.now() };
  const call = () =>
    kind === "page"
      ? callRoute(projectsRoute.loader, who.get("/projects"))
      : callRoute(newProjectRoute.action, who.post("/projects/new", { jobNumber: jobNumber!, name: `Restart ${jobNumber}`, status: "active", contractType: "lump_sum", defaultRetainagePercent: "10" }));
  let timer: NodeJS.Timeout | undefined;
  try {
    sent.answer = await Promise.race([
      requestScope.run({ requestId }, call),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("no answer within 20 s")), 20_000))),
    ]);
  } catch (error) {
    sent.threw = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } finally {
    clearTimeout(timer);
  }
  return sent;
}

const succeeded = (s: Sent) => (s.kind === "page" ? s.answer?.status === 200 : s.answer?.status === 303 && /^\/projects\/[0-9a-f-]{36}$/.test(s.answer.location ?? ""));

describe("PostgreSQL restarted (-m immediate) during requests", () => {
  it("answers 503 or succeeds, writes nothing for a failed create, and recovers with the same pool", async () => {
    const pool = appPool();
    // Where each 503's transaction lost its connection, by request id: at COMMIT (the one ambiguous
    // case) or at a statement before it, as the app logs it.
    const lostIn = new Map<string, string>();
    const warn = vi.spyOn(logger, "warn");
    warn.mockImplementation(((obj: { err?: unknown; lostAt?: string }) => {
      const id = currentRequestId();
      if (id && obj?.err) lostIn.set(id, String(obj.lostAt));
    }) as typeof logger.warn);

    const log: Sent[] = [];
    let restarted = 0;
    const restart = new Promise((r) => setTimeout(r, 300)).then(() => restartImmediately(server!.dataDir)).then(() => (restarted = Date.now()));
    restart.catch(() => {}); // awaited below
    const recovered = (user: number) => restarted > 0 && log.filter((s) => s.user === user && s.at > restarted && succeeded(s)).length >= 2;
    await Promise.all(
      sessions.map(async (who, user) => {
        const deadline = Date.now() + 40_000;
        while (!recovered(user) && Date.now() < deadline) {
          log.push(await send(who, "page", user));
          log.push(await send(who, "create", user));
        }
      }),
    );
    await restart;
    warn.mockRestore();

    const threw = log.filter((s) => s.threw);
    expect(threw.map((s) => `${s.kind} ${s.requestId}: ${s.threw}`)).toEqual([]);
    const failed = log.filter((s) => !succeeded(s));
    expect(failed.filter((s) => s.answer?.status !== 503).map((s) => `${s.kind} ${s.requestId}: ${s.answer?.status}`)).toEqual([]);
    expect(failed.length).toBeGreaterThan(0); // the restart did hit requests
    for (const s of failed) {
      const response = s.answer!.data as Response;
      expect(response.headers.get("Retry-After")).toBe("5");
      expect(await response.text()).toBe("The service is temporarily unavailable. Please try again in a moment.");
    }

    // Every create is all or nothing: its project and its audit row, with its request id, or neither.
    const creates = log.filter((s) => s.kind === "create");
    const stored = await owner!`select p.job_number, p.id, a.request_id from projects p
      left join audit_events a on a.entity_id = p.id::text and a.action = 'created'
      where p.organization_id = ${organizationId}`;
    const byJob = new Map(stored.map((r) => [r.job_number as string, r]));
    expect(stored.filter((r) => r.request_id === null)).toEqual([]);
    expect(stored.every((r) => creates.some((s) => s.jobNumber === r.job_number && s.requestId === r.request_id))).toBe(true);
    for (const s of creates.filter(succeeded)) expect(byJob.get(s.jobNumber!)?.id).toBe(s.answer!.location!.split("/").at(-1));
    // A create whose connection died at COMMIT cannot know whether the server committed (no client
    // can); every other failed create must have written nothing.
    const writtenAfter503 = creates.filter((s) => !succeeded(s) && byJob.has(s.jobNumber!));
    expect(
      writtenAfter503.filter((s) => lostIn.get(s.requestId) !== "commit").map((s) => `${s.requestId} (lost in: ${lostIn.get(s.requestId) ?? "no logged statement"})`),
    ).toEqual([]);

    // Recovered without restarting anything: the same pool serves every user again.
    expect(appPool()).toBe(pool);
    const after = await Promise.all(sessions.flatMap((who, user) => [send(who, "page", user), send(who, "create", user)]));
    expect(after.filter((s) => !succeeded(s)).map((s) => `${s.kind}: ${s.answer?.status ?? s.threw}`)).toEqual([]);
    console.info(
      `database restart: ${log.length} requests, ${failed.length} answered 503 ` +
        `(${failed.filter((s) => s.kind === "create").length} creates, ${writtenAfter503.length} of them committed at COMMIT), ` +
        `${log.filter((s) => s.at > restarted && succeeded(s)).length} succeeded after the restart`,
    );
  }, 60_000);
});
