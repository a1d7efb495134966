import { index, route, type RouteConfig } from "@remix-run/route-config";

/** The URL table: every URL points into the route module of the domain that owns it. */
export default [
  index("domains/platform/routes/home.tsx"),
  route("status", "domains/platform/routes/status.tsx"),
  route("healthz", "domains/platform/routes/healthz.ts"),
  route("readyz", "domains/platform/routes/readyz.ts"),
  route("*", "domains/platform/routes/not-found.tsx"),
] satisfies RouteConfig;
