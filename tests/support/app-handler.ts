/**
 * The whole app in the test process, without Vite's React Router plugin or a build: the route table of
 * app/routes.ts, each module loaded by vitest, assembled into the ServerBuild the plugin would
 * generate and served by React Router's own request handler in production mode. Requests go through root's
 * loader, the route's loader or action, the error boundaries and entry.server's HTML rendering, so a
 * test sees the HTML (and status) a browser would, minus server.ts's express layer.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createRequestHandler, type ServerBuild } from "react-router";
import routes from "~/routes";

export interface RouteEntry {
  id?: string;
  path?: string;
  index?: boolean;
  file: string;
  children?: RouteEntry[];
}

export interface AppRoute {
  id: string;
  parentId: string;
  /** The URL template as written in app/routes.ts ("" for the index route). */
  template: string;
  file: string;
  module: Record<string, unknown>;
}

const routeId = (file: string) => file.replace(/\.[jt]sx?$/, "");

/** Every route of app/routes.ts, flattened, with the URL template joined from its parents. */
export function flattenRoutes(entries: RouteEntry[] = routes as unknown as RouteEntry[], parent = "", parentId = "root") {
  const out: { id: string; parentId: string; template: string; file: string; path?: string; index?: boolean }[] = [];
  for (const entry of entries) {
    const template = entry.index ? parent : [parent, entry.path ?? ""].filter(Boolean).join("/");
    const id = entry.id ?? routeId(entry.file);
    out.push({ id, parentId, template, file: entry.file, path: entry.path, index: entry.index });
    out.push(...flattenRoutes(entry.children ?? [], template, id));
  }
  return out;
}

/** Loads every route module of app/routes.ts (vitest transforms them like any other import). */
export async function loadRoutes(): Promise<AppRoute[]> {
  return Promise.all(
    flattenRoutes().map(async (r) => ({ ...r, module: (await import(/* @vite-ignore */ `../../app/${r.file}`)) as Record<string, unknown> })),
  );
}

let handler: Promise<(request: Request) => Promise<Response>> | undefined;

async function buildHandler() {
  const [root, entry, appRoutes] = await Promise.all([import("~/root"), import("~/entry.server"), loadRoutes()]);
  const all = [
    { id: "root", parentId: undefined, path: "", index: undefined, module: root as Record<string, unknown> },
    ...flattenRoutes().map((r, i) => ({ id: r.id, parentId: r.parentId, path: r.path, index: r.index, module: appRoutes[i].module })),
  ];
  const has = (module: Record<string, unknown>, name: string) => typeof module[name] === "function";
  const build = {
    mode: "production",
    entry: { module: entry },
    routes: Object.fromEntries(all.map((r) => [r.id, { id: r.id, parentId: r.parentId, path: r.path, index: r.index, caseSensitive: undefined, module: r.module }])),
    assets: {
      version: "test",
      url: "/assets/manifest-test.js",
      entry: { module: "/assets/entry.client.js", imports: [] },
      routes: Object.fromEntries(
        all.map((r) => [
          r.id,
          {
            id: r.id,
            parentId: r.parentId,
            path: r.path,
            index: r.index,
            module: `/assets/${r.id}.js`,
            imports: [],
            hasAction: has(r.module, "action"),
            hasLoader: has(r.module, "loader"),
            hasClientAction: false,
            hasClientLoader: false,
            hasClientMiddleware: false,
            hasDefaultExport: typeof r.module.default === "function",
            hasErrorBoundary: has(r.module, "ErrorBoundary"),
          },
        ]),
      ),
    },
    basename: "/",
    publicPath: "/",
    assetsBuildDirectory: "build/client",
    // as `react-router build` writes them (build/server/index.js)
    future: { unstable_optimizeDeps: false, v8_passThroughRequests: false, v8_trailingSlashAwareDataRequests: false, unstable_previewServerPrerendering: false, v8_middleware: false, v8_splitRouteModules: false, v8_viteEnvironmentApi: false },
    ssr: true,
    isSpaMode: false,
    prerender: [],
    routeDiscovery: { mode: "lazy", manifestPath: "/__manifest" },
    allowedActionOrigins: false,
  } as unknown as ServerBuild;
  const handle = createRequestHandler(build, "production");
  return (request: Request) => handle(request, { requestId: randomUUID(), cspNonce: randomBytes(16).toString("base64") });
}

/** Serves `request` as the app would (production mode): the real status, headers and HTML. */
export async function serve(request: Request): Promise<Response> {
  handler ??= buildHandler();
  return (await handler)(request);
}
