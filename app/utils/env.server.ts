import { availableParallelism } from "node:os";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const postgresUrl = z
  .string()
  .url()
  .refine((v) => v.startsWith("postgres://") || v.startsWith("postgresql://"), "must be a postgres:// URL");

export type ProxyTrust = { mode: "none" } | { mode: "fly" } | { mode: "hops"; hops: number };

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Read by logger.server.ts at import (validated here): `auto` = pretty in a terminal, JSON otherwise. */
  LOG_FORMAT: z.enum(["auto", "json", "pretty"]).default("auto"),
  DATABASE_URL: postgresUrl.optional(),
  APP_DATABASE_URL: postgresUrl.optional(),
  WORKER_DATABASE_URL: postgresUrl.optional(),
  APP_DATABASE_PASSWORD: z.string().min(8).optional(),
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  SEED_DEMO: bool.optional(),
  /** `invite-only` switches public sign-up off: /signup explains and refuses; invitation links still create accounts. */
  SIGNUP: z.enum(["open", "invite-only"]).default("open"),
  /**
   * Web and worker are separate processes (RUN_WORKER=false on the web, or a standalone worker) but
   * on one disk (one machine or a shared volume), so local storage in DATA_DIR serves both.
   */
  STORAGE_SHARED: bool.default(false),
  /** Set by Fly.io on its machines: this is a deployment (no demo seed unless SEED_DEMO=true). */
  FLY_APP_NAME: z.string().optional(),
  RUN_WORKER: bool.default(true),
  RUN_WEB: bool.default(true),
  /** Web processes (node:cluster) sharing the port: one per core the machine gives the app ("auto": all of them). */
  WEB_CONCURRENCY: z
    .union([z.literal("auto").transform(() => availableParallelism()), z.coerce.number().int().min(1).max(64)])
    .default(1),
  /** Send a Server-Timing header (phase durations) with every answer: for profiling. */
  SERVER_TIMING: bool.default(false),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Which proxies stand in front of the app: `false` (none: the socket's address is the client),
   * a number of hops (the client is that many addresses from the right of X-Forwarded-For, the
   * left part being whatever the client sent), or `fly` (Fly's proxy's Fly-Client-IP header).
   */
  TRUST_PROXY: z
    .string()
    .default("false")
    .transform((v, ctx): ProxyTrust => {
      if (v === "false" || v === "0") return { mode: "none" };
      if (v === "fly") return { mode: "fly" };
      if (/^[1-9]$/.test(v)) return { mode: "hops", hops: Number(v) };
      ctx.addIssue({ code: "custom", message: 'must be "false", "fly" or the number of proxy hops (1-9): "true" would trust any X-Forwarded-For a client sends' });
      return z.NEVER;
    }),
  /** Set by start-up when it started embedded PostgreSQL itself (single-machine mode). */
  SECG_EMBEDDED: bool.default(false),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Public origin used in mailed links (verification, reset, invitations). */
  APP_URL: z.string().url().optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** Secure (and `__Host-` prefixed) session cookies; defaults to on in production. */
  COOKIE_SECURE: bool.optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default("SECG ERP <no-reply@secg.local>"),
  /** Where messages go when SMTP_URL is unset; defaults to DATA_DIR/mail. */
  MAIL_DIR: z.string().optional(),
  DEMO_PASSWORD: z.string().min(8).default("demo-password"),
  /** Object storage goes to this S3-compatible bucket when set; otherwise to DATA_DIR/storage. */
  S3_BUCKET: z.string().min(3).optional(),
  /** Custom endpoint (MinIO, R2, s3rver…); unset means AWS itself. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  /** Both or neither; unset falls back to the AWS SDK's default credential chain. */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: bool.default(true),
  /** Folder inside the bucket that every key is stored under, e.g. "secg/prod". */
  S3_PREFIX: z.string().min(1).optional(),
});

export type Env = z.infer<typeof schema>;

/** Development-only password for the runtime roles; production must set its own. */
export const DEV_APP_DATABASE_PASSWORD = "secg-app-local-only";

let cached: Env | undefined;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const empty = Object.fromEntries(Object.entries(source).filter(([, v]) => v === ""));
  const input = { ...source, ...Object.fromEntries(Object.keys(empty).map((k) => [k, undefined])) };
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  const external = Boolean(env.DATABASE_URL) && !env.SECG_EMBEDDED;
  if (env.NODE_ENV === "production" && external && !env.APP_DATABASE_URL && !env.APP_DATABASE_PASSWORD) {
    throw new Error(
      "Invalid environment configuration:\n  APP_DATABASE_PASSWORD (or APP_DATABASE_URL) is required in production when DATABASE_URL is set",
    );
  }
  if (env.NODE_ENV === "production" && external && !env.SESSION_SECRET) {
    throw new Error("Invalid environment configuration:\n  SESSION_SECRET is required in production");
  }
  if (env.NODE_ENV === "production" && external && !env.APP_URL) {
    throw new Error("Invalid environment configuration:\n  APP_URL is required in production when DATABASE_URL is set");
  }
  const storage = separateStorageProblem(env, { standaloneWorker: false });
  if (storage) throw new Error(`Invalid environment configuration:\n  ${storage}`);
  return env;
}

/**
 * Why this process may not keep stored files on its own disk, or null. In production a web
 * process without the worker (RUN_WORKER=false, Fly's `app` group) or a worker without the web
 * (RUN_WEB=false, or the standalone worker: Fly's `worker` group) runs apart from the other half,
 * normally on another machine: the worker could not read a masterfile the web stored on its own
 * disk. So S3_BUCKET is required, unless STORAGE_SHARED=true says both use one disk.
 */
export function separateStorageProblem(e: Env, { standaloneWorker }: { standaloneWorker: boolean }): string | null {
  if (e.NODE_ENV !== "production" || e.S3_BUCKET || e.STORAGE_SHARED) return null;
  const webOnly = !standaloneWorker && e.RUN_WEB && !e.RUN_WORKER;
  const workerOnly = standaloneWorker || (!e.RUN_WEB && e.RUN_WORKER);
  if (!webOnly && !workerOnly) return null;
  const here = webOnly ? "this web process runs without the worker (RUN_WORKER=false)" : "this worker runs without the web process";
  return (
    `S3_BUCKET (and the other S3_* settings) is required: ${here}, so web and worker are separate processes, ` +
    "normally on separate machines, and the worker cannot read files (uploaded imports) that the web machine stored on its own disk in DATA_DIR. " +
    "Set S3_BUCKET, S3_ENDPOINT, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (on Fly: `fly storage create`), " +
    "or STORAGE_SHARED=true if both processes really share one disk."
  );
}

/** Local addresses a browser treats as secure over plain HTTP. */
export const isLocalHostname = (hostname: string) =>
  /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i.test(hostname);

/**
 * A production deployment: on Fly (FLY_APP_NAME) or with a public APP_URL (not localhost). Plain
 * `npm start` on a laptop is not one, so it still seeds the demo by default.
 */
export function isDeployment(e: Env = env()) {
  if (e.NODE_ENV !== "production") return false;
  if (e.FLY_APP_NAME) return true;
  return e.APP_URL ? !isLocalHostname(new URL(e.APP_URL).hostname) : false;
}

/**
 * Whether start-up seeds the demo organizations and their users (known passwords): SEED_DEMO when
 * set, else only with embedded PostgreSQL and never on a deployment (`isDeployment`).
 */
export function shouldSeedDemo(e: Env, embedded: boolean) {
  return e.SEED_DEMO ?? (embedded && !isDeployment(e));
}

export const signupOpen = (e: Env = env()) => e.SIGNUP === "open";

/** Signing secret for cookies; a fixed development value when unset outside production. */
export const sessionSecret = (e: Env = env()) => e.SESSION_SECRET ?? "secg-erp-development-secret-not-for-production";

/**
 * Embedded (single-machine) mode without SESSION_SECRET: a random secret kept in DATA_DIR, so a
 * fresh clone runs with no configuration and restarts keep cookies valid.
 */
export function ensureLocalSessionSecret(dataDir: string) {
  if (process.env.SESSION_SECRET) return;
  const file = path.resolve(dataDir, "session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  process.env.SESSION_SECRET = readFileSync(file, "utf8").trim();
  resetEnv();
}

/** Origin for links in mail: APP_URL, else this machine's port (embedded and development). */
export const appUrl = (e: Env = env()) => (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");

export const cookieSecure = (e: Env = env()) => e.COOKIE_SECURE ?? e.NODE_ENV === "production";

export const mailDir = (e: Env = env()) => path.resolve(e.MAIL_DIR ?? path.join(e.DATA_DIR, "mail"));

export function env(): Env {
  cached ??= loadEnv();
  return cached;
}

/** Forget the cached env (start-up code changes DATABASE_URL after starting embedded PostgreSQL). */
export function resetEnv() {
  cached = undefined;
}
