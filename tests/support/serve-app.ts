/**
 * server.ts's Express app (server/app.ts) with the React Router app loaded through Vite, in a process of
 * its own, on a free port, on the database DATABASE_URL names (already migrated). Prints
 * "listening <port>". For tests that must measure the server itself (its memory, its sockets);
 * run with `node --import tsx tests/support/serve-app.ts`. No HMR socket, and Vite's cache in a
 * temp folder: nothing binds a fixed port or writes to node_modules.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ServerBuild } from "react-router";
import { createServer } from "vite";
import { createApp } from "../../server/app";

const cacheDir = mkdtempSync(path.join(tmpdir(), "secg-vite-"));
const vite = await createServer({
  server: { middlewareMode: true, hmr: false, ws: false },
  appType: "custom",
  cacheDir,
  optimizeDeps: { noDiscovery: true, include: [] },
  logLevel: "error",
});
const app = await createApp({ production: false, build: () => vite.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild> });
const server = app.listen(0, "127.0.0.1", () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));

const stop = () => {
  server.close();
  void vite.close().finally(() => {
    rmSync(cacheDir, { recursive: true, force: true });
    process.exit(0);
  });
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
