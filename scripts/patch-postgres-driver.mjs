/**
 * Repairs three defects of postgres.js 3.4.9 (the latest release) that show when PostgreSQL kills
 * a connection inside a transaction (restart, failover, pg_terminate_backend), found by
 * tests/integration/pool-faults.test.ts and database-restart.test.ts. Upstream: porsager/postgres
 * issues #1208, #1216, #1154; pull requests #1209, #1215 (open when this was written).
 *
 * 1. A write queued behind `setImmediate` that fires after the socket closed throws
 *    "Cannot read properties of null (reading 'write')" from a timer: an uncaught exception that
 *    ends the process. Now the queued bytes are dropped and the connection's queries rejected.
 * 2. Closing cancels that queued write but leaves its timer handle set, so the connection never
 *    flushes again: every later use of it waits for CONNECT_TIMEOUT. Now the handle is cleared.
 * 3. `sql.begin` rejects when its connection closes, but the transaction's callback goes on, and
 *    its next statements (its ROLLBACK too) went to the same connection object after the pool had
 *    reconnected it for other work: inside someone else's session. Now they are refused.
 * 4. A connection killed during a statement kept that statement's error ("terminating connection
 *    due to administrator command") and handed it to the first query after reconnecting. Now
 *    closing forgets the dead session's statement and error.
 *
 * Run by `npm install` (postinstall); idempotent. Other versions are left alone with a warning,
 * so an upgrade is a reminder to check whether upstream fixed these.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const VERSION = "3.4.9";
const MARK = "secg-erp patch";

const PATCHES = {
  "connection.js": [
    [
      "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
      `  function nextWrite(fn) {
    if (socket === null) { // ${MARK} (1): closed before this write went out
      nextWriteTimer !== null && clearImmediate(nextWriteTimer)
      chunk = nextWriteTimer = null
      error(Errors.connection('CONNECTION_CLOSED', options))
      return true
    }
    const x = socket.write(chunk, fn)`,
    ],
    ["    clearImmediate(nextWriteTimer)\n    if (socket) {", `    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null // ${MARK} (2)\n    if (socket) {`],
    [
      "    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)",
      `    clearImmediate(nextWriteTimer)\n    chunk = nextWriteTimer = null // ${MARK} (2)\n    socket.removeListener('data', data)`,
    ],
    [
      "    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n",
      `    !hadError && (query || sent.length) && error(Errors.connection('CONNECTION_CLOSED', options, socket))\n    query = results = errorResponse = null // ${MARK} (4)\n`,
    ],
  ],
  "index.js": [
    ["      , connection\n      , prepare = null", `      , connection\n      , closedError = null // ${MARK} (3)\n      , prepare = null`],
    ["        new Promise((_, reject) => connection.onclose = reject)", "        new Promise((_, reject) => connection.onclose = e => reject(closedError = e))"],
    [
      "        q.catch(e => uncaughtError || (uncaughtError = e))\n",
      `        q.catch(e => uncaughtError || (uncaughtError = e))\n        if (closedError) return q.reject(closedError) // ${MARK} (3)\n`,
    ],
  ],
};

const require = createRequire(import.meta.url);
let root;
try {
  root = path.dirname(require.resolve("postgres")); // cjs/src/index.js: its exports hide package.json
} catch {
  process.exit(0); // not installed (yet): nothing to patch
}
const manifest = (dir) => (existsSync(path.join(dir, "package.json")) ? JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) : {});
while (manifest(root).name !== "postgres" && root !== path.dirname(root)) root = path.dirname(root);
const { version } = manifest(root);
if (version !== VERSION) {
  console.warn(`patch-postgres-driver: postgres ${version} is not ${VERSION}; left unpatched (check porsager/postgres#1208, #1215 and update this script).`);
  process.exit(0);
}

for (const dir of ["src", "cjs/src", "cf/src"]) {
  for (const [file, replacements] of Object.entries(PATCHES)) {
    const target = path.join(root, dir, file);
    if (!existsSync(target)) continue;
    const original = readFileSync(target, "utf8");
    if (original.includes(MARK)) continue;
    let text = original;
    for (const [from, to] of replacements) {
      if (!text.includes(from)) throw new Error(`patch-postgres-driver: ${dir}/${file} does not contain the expected code:\n${from}`);
      text = text.replace(from, to);
    }
    writeFileSync(target, text);
  }
}
