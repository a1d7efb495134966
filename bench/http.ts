/**
 * The production server as a child process (loopback only), signing in over HTTP like a browser,
 * and a closed-loop load generator: N keep-alive clients share a bounded request budget.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { measure, type Stats } from "./stats";

const SOURCES = ["app", "db", "jobs", "server", "server.ts", "scripts/build-server.mjs", "vite.config.ts", "package.json", "tsconfig.json"];

function newestSourceMtime(): number {
  let newest = 0;
  for (const source of SOURCES) {
    if (!existsSync(source)) continue;
    const files = statSync(source).isDirectory()
      ? readdirSync(source, { recursive: true, encoding: "utf8" }).map((f) => path.join(source, f))
      : [source];
    // A file another process deletes mid-walk has no mtime any more.
    for (const file of files) newest = Math.max(newest, statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
  }
  return newest;
}

/** `npm run build` unless both bundles (React Router's and build/server.js) are newer than every source file. */
export function ensureProductionBuild(log: (line: string) => void) {
  const newest = newestSourceMtime();
  const fresh = (bundle: string) => existsSync(bundle) && statSync(bundle).mtimeMs > newest;
  if (fresh(path.join("build", "server", "index.js")) && fresh(path.join("build", "server.js"))) return;
  log("Building the production bundles (npm run build)…");
  const result = spawnSync("npm", ["run", "build"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
}

export interface AppServer {
  baseUrl: string;
  /** The server's process id (the benchmarks read its memory from /proc). */
  pid: number;
  /** The last ~20 kB the server wrote (warnings and errors at LOG_LEVEL=warn). */
  recentOutput(): string;
  stop(): Promise<void>;
}

function waitForExit(child: ChildProcess, ms: number) {
  return new Promise<boolean>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Stops a child process: SIGTERM, then SIGKILL after 20 s. Safety net: if this process exits
 * without calling it (an uncaught error, a signal), the child goes too.
 */
export function stopperFor(child: ChildProcess): () => Promise<void> {
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  return async () => {
    process.off("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    if (!(await waitForExit(child, 20_000))) {
      child.kill("SIGKILL");
      await waitForExit(child, 5_000);
    }
  };
}

/**
 * The web processes the page and load benchmarks run (BENCH_WEB_CONCURRENCY, default "auto": one per
 * core, as README recommends for a deployment). The export benchmark keeps one process: it reads
 * the server's memory from its pid.
 */
export const WEB_PROCESSES = process.env.BENCH_WEB_CONCURRENCY ?? "auto";

/** Starts `node [nodeFlags] build/server.js` in production mode against `databaseUrl` (owner URL). */
export async function startAppServer(databaseUrl: string, nodeFlags: string[] = [], extraEnv: Record<string, string> = {}): Promise<AppServer> {
  const child = spawn(process.execPath, [...nodeFlags, "build/server.js"], {
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      HOST: "127.0.0.1",
      PORT: "0",
      RUN_WORKER: "false",
      STORAGE_SHARED: "true", // the worker runs on this machine too (env.server.ts separateStorageProblem)
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      APP_URL: "http://127.0.0.1",
      SESSION_SECRET: process.env.SESSION_SECRET,
      APP_DATABASE_PASSWORD: process.env.APP_DATABASE_PASSWORD,
      WEB_CONCURRENCY: "1",
      ...extraEnv,
    },
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  const stop = stopperFor(child);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start within 60 s:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        keep(chunk);
        const match = /Open:\s+http:\/\/localhost:(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", keep);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening:\n${output}`));
      });
    });
    return { baseUrl: `http://127.0.0.1:${port}`, pid: child.pid!, recentOutput: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Runs `work` against a production server started for it, then stops the server; a failure carries
 * the tail of the server's output.
 */
export async function withAppServer<T>(
  databaseUrl: string,
  nodeFlags: string[],
  work: (server: AppServer) => Promise<T>,
  extraEnv: Record<string, string> = {},
): Promise<T> {
  const server = await startAppServer(databaseUrl, nodeFlags, extraEnv);
  try {
    return await work(server);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- server output (tail) ---\n${server.recentOutput()}`, { cause: error });
  } finally {
    await server.stop();
  }
}

/** A minimal cookie jar: name → value from Set-Cookie headers, sent back as one Cookie header. */
class CookieJar {
  private cookies = new Map<string, string>();
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** GET /login, POST /login with the form's CSRF token and an Origin header; returns the Cookie header. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const jar = new CookieJar();
  const page = await fetch(`${baseUrl}/login`, { redirect: "manual" });
  jar.store(page);
  const html = await page.text();
  const csrf = /name="csrf"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? /value="([^"]+)"[^>]*name="csrf"/.exec(html)?.[1];
  if (page.status !== 200 || !csrf) throw new Error(`GET /login: status ${page.status}, csrf input ${csrf ? "found" : "missing"}`);
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl, Cookie: jar.header() },
    body: new URLSearchParams({ email, password, csrf, redirectTo: "/" }),
  });
  jar.store(response);
  await response.arrayBuffer();
  if (response.status !== 303) throw new Error(`POST /login as ${email}: expected 303, got ${response.status}`);
  return jar.header();
}

export interface PageLoad {
  url: string;
  cookie: string;
  /** Text every response must contain (proves the page rendered its data, not an error page). */
  marker: string;
}

/** One GET; throws unless 200 and the marker is in the body. Returns the body size. */
export async function getPage(page: PageLoad): Promise<number> {
  const response = await fetch(page.url, { headers: { Cookie: page.cookie, Accept: "text/html" }, redirect: "manual" });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`GET ${page.url}: status ${response.status}\n${body.slice(0, 500)}`);
  if (!body.includes(page.marker)) throw new Error(`GET ${page.url}: marker ${JSON.stringify(page.marker)} missing`);
  return body.length;
}

export async function loadPage(page: PageLoad, options: { concurrency: number; requests: number; warmup: number; maxMs: number }): Promise<Stats> {
  return measure({ ...options, iterations: options.requests }, () => getPage(page));
}
