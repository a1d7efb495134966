/**
 * Bundles the server entry points (server.ts, jobs/main.ts, db/cli.ts) into build/*.js with
 * esbuild, so production runs plain `node` instead of compiling TypeScript at start-up through
 * tsx's loader hooks. Packages stay external (node_modules is installed beside the build); the
 * tsconfig path aliases (~/, @db/, @jobs/) are resolved by esbuild. `npm run build` runs it after
 * the React Router build.
 */
import { build } from "esbuild";

// Everything but relative paths and the project's own aliases is a package (or a node: builtin).
const OWN = /^(\.|\/|~\/|@db\/|@jobs\/)/;
const externalPackages = {
  name: "external-packages",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => (args.kind === "entry-point" || OWN.test(args.path) ? undefined : { external: true }));
  },
};

await build({
  entryPoints: { server: "server.ts", worker: "jobs/main.ts", "db-cli": "db/cli.ts" },
  outdir: "build",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  plugins: [externalPackages],
  sourcemap: "linked",
  logLevel: "warning",
  // Bundled ESM has no require(); a CommonJS dependency reaching for it gets Node's.
  banner: { js: 'import { createRequire as __secgCreateRequire } from "node:module"; const require = __secgCreateRequire(import.meta.url);' },
});
