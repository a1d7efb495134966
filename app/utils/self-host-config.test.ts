import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "@db/project-root";
import { workerLogger } from "@jobs/logger";
import { isDeployment, loadEnv, separateStorageProblem, shouldSeedDemo, signupOpen } from "./env.server";
import { logger, prettyLine } from "./logger.server";
import { plainHttpProblem } from "./plain-http.server";

// Self-hosting settings (issue 18 §6): separate web/worker machines need S3, SIGNUP, the demo
// seed guard, the plain-HTTP sign-in hint and the console's one-line log format.

const production = { NODE_ENV: "production" };

describe("web and worker on separate machines", () => {
  it("refuses a production web process without the worker (Fly's app group) when files would stay on its own disk", () => {
    expect(() => loadEnv({ ...production, RUN_WORKER: "false" })).toThrow(
      /S3_BUCKET[^\n]*RUN_WORKER=false[^\n]*the worker cannot read files \(uploaded imports\) that the web machine stored on its own disk/,
    );
    expect(() => loadEnv({ ...production, RUN_WEB: "false" })).toThrow(/S3_BUCKET[^\n]*this worker runs without the web process/);
  });

  it("accepts it with a bucket, with STORAGE_SHARED=true, in one process, or outside production", () => {
    expect(loadEnv({ ...production, RUN_WORKER: "false", S3_BUCKET: "secg-files" }).S3_BUCKET).toBe("secg-files");
    expect(loadEnv({ ...production, RUN_WORKER: "false", STORAGE_SHARED: "true" }).STORAGE_SHARED).toBe(true);
    expect(loadEnv({ ...production }).RUN_WORKER).toBe(true);
    expect(loadEnv({ NODE_ENV: "development", RUN_WORKER: "false" }).RUN_WORKER).toBe(false);
  });

  it("refuses the standalone worker (Fly's worker group) the same way", () => {
    const env = loadEnv({ ...production });
    expect(separateStorageProblem(env, { standaloneWorker: true })).toMatch(/^S3_BUCKET .*this worker runs without the web process.*fly storage create.*STORAGE_SHARED=true/);
    expect(separateStorageProblem(loadEnv({ ...production, S3_BUCKET: "secg-files" }), { standaloneWorker: true })).toBeNull();
    expect(separateStorageProblem(loadEnv({ NODE_ENV: "test" }), { standaloneWorker: true })).toBeNull();
  });
});

describe("SIGNUP", () => {
  it("is open by default and invite-only when asked; anything else names the variable", () => {
    expect(signupOpen(loadEnv({}))).toBe(true);
    expect(loadEnv({ SIGNUP: "invite-only" }).SIGNUP).toBe("invite-only");
    expect(signupOpen(loadEnv({ SIGNUP: "invite-only" }))).toBe(false);
    expect(() => loadEnv({ SIGNUP: "closed" })).toThrow(/SIGNUP/);
  });
});

describe("demo seed guard", () => {
  it("seeds the embedded demo for npm start on this machine", () => {
    expect(shouldSeedDemo(loadEnv({}), true)).toBe(true);
    expect(shouldSeedDemo(loadEnv({ ...production }), true)).toBe(true);
    expect(shouldSeedDemo(loadEnv({ ...production, APP_URL: "http://localhost:3000" }), true)).toBe(true);
  });

  it("never seeds demo users on a deployment (Fly, or a public APP_URL) unless SEED_DEMO=true", () => {
    const fly = loadEnv({ ...production, FLY_APP_NAME: "secg-erp" });
    const publicUrl = loadEnv({ ...production, APP_URL: "https://erp.example.com" });
    expect(isDeployment(fly) && isDeployment(publicUrl)).toBe(true);
    expect(shouldSeedDemo(fly, true)).toBe(false);
    expect(shouldSeedDemo(publicUrl, true)).toBe(false);
    expect(shouldSeedDemo(loadEnv({ ...production, FLY_APP_NAME: "secg-erp", SEED_DEMO: "true" }), true)).toBe(true);
  });

  it("never seeds against a DATABASE_URL unless asked", () => {
    expect(shouldSeedDemo(loadEnv({ DATABASE_URL: "postgres://o@db/secg" }), false)).toBe(false);
    expect(shouldSeedDemo(loadEnv({ DATABASE_URL: "postgres://o@db/secg", SEED_DEMO: "true" }), false)).toBe(true);
  });
});

describe("plain HTTP with Secure cookies", () => {
  const secure = loadEnv({ COOKIE_SECURE: "true" });
  const at = (url: string) => new Request(url);

  it("is detected for another machine's address over http", () => {
    expect(plainHttpProblem(at("http://192.168.1.20:3000/login"), secure)).toEqual({ origin: "http://192.168.1.20:3000" });
    expect(plainHttpProblem(at("http://erp.office.lan/login"), secure)).toEqual({ origin: "http://erp.office.lan" });
  });

  it("is not a problem on localhost, over https, or with COOKIE_SECURE=false", () => {
    for (const url of ["http://localhost:3000/login", "http://127.0.0.1:3000/login", "http://[::1]:3000/login", "https://erp.example.com/login"])
      expect(plainHttpProblem(at(url), secure), url).toBeNull();
    expect(plainHttpProblem(at("http://192.168.1.20:3000/login"), loadEnv({ COOKIE_SECURE: "false" }))).toBeNull();
  });
});

describe("console log lines", () => {
  it("writes a request as one short line and other fields as key=value", () => {
    const request = JSON.stringify({ level: 30, time: "2026-12-07T18:04:05.123Z", service: "secg-erp", requestId: "abc", method: "GET", path: "/projects", status: 200, ms: 8.1, msg: "request" });
    expect(prettyLine(request)).toBe("18:04:05 INFO  GET /projects 200 8.1ms\n");
    const warn = JSON.stringify({ level: 40, time: "2026-12-07T18:04:06.000Z", service: "secg-erp", workers: ["w1"], msg: "released the jobs of workers that stopped beating" });
    expect(prettyLine(warn)).toBe('18:04:06 WARN  released the jobs of workers that stopped beating workers=["w1"]\n');
  });

  it("puts an error's stack under its line, and passes a non-JSON line through", () => {
    const error = JSON.stringify({ level: 50, time: "2026-12-07T18:04:07.000Z", err: { message: "boom", stack: "Error: boom\n    at x (y.ts:1)" }, msg: "worker stop failed" });
    expect(prettyLine(error)).toBe("18:04:07 ERROR worker stop failed\n    Error: boom\n        at x (y.ts:1)\n");
    expect(prettyLine("plain text")).toBe("plain text\n");
  });

  it("graphile-worker's routine info lines drop to debug in a terminal, stay info in JSON logs", () => {
    const quiet = workerLogger("info", true);
    const loud = workerLogger("info", false);
    const captured = captureLogs(() => {
      quiet.info("Completed task 1 (mail__send, 5.0ms)");
      loud.info("Completed task 2 (mail__send, 5.0ms)");
      quiet.warn("Failed task 3");
    });
    expect(captured).toEqual([
      ["debug", "Completed task 1 (mail__send, 5.0ms)"],
      ["info", "Completed task 2 (mail__send, 5.0ms)"],
      ["warn", "Failed task 3"],
    ]);
  });
});

/** The pino method and message of each line `fn` logs (the shared logger's methods wrapped for the call). */
function captureLogs(fn: () => void) {
  const seen: [string, string][] = [];
  const methods = ["debug", "info", "warn", "error"] as const;
  const originals = methods.map((m) => logger[m]);
  for (const m of methods) (logger as unknown as Record<string, unknown>)[m] = (_obj: unknown, message: string) => void seen.push([m, message]);
  try {
    fn();
  } finally {
    methods.forEach((m, i) => ((logger as unknown as Record<string, unknown>)[m] = originals[i]));
  }
  return seen;
}

describe("deploy files and README agree", () => {
  const read = (file: string) => readFileSync(path.join(projectRoot, file), "utf8");
  /** Variable names of every `fly secrets set …` command in a text (continued lines included). */
  const secretsSet = (text: string) =>
    new Set(
      [...text.replace(/\\\n#?/g, " ").matchAll(/fly secrets set ([^\n`]*)/g)].flatMap((m) => [...m[1].matchAll(/\b([A-Z][A-Z0-9_]+)=/g)].map((v) => v[1])),
    );

  it("fly.toml and the README name the same Fly secrets", () => {
    const fly = secretsSet(read("fly.toml"));
    const readme = secretsSet(read("README.md"));
    expect([...fly].sort()).toEqual([...readme].sort());
    for (const name of ["DATABASE_URL", "APP_DATABASE_PASSWORD", "SESSION_SECRET", "S3_BUCKET"]) expect(fly.has(name), name).toBe(true);
  });

  it("every variable docker-compose.yml sets for the app is documented in the README's configuration table", () => {
    const compose = read("docker-compose.yml");
    const block = compose.slice(compose.indexOf("environment: &app-env"), compose.indexOf("\nservices:"));
    const names = [...block.matchAll(/^ {4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(10);
    const table = read("README.md");
    expect(names.filter((n) => !table.includes(`| \`${n}\``) && !table.includes(` / \`${n}\``) && !table.includes(`\`${n}\` /`))).toEqual([]);
  });
});
