import { readiness } from "../health.server";

/** Readiness: database reachable as the app role, migrations current, a worker heartbeat recent. */
export async function loader() {
  const report = await readiness();
  return Response.json(report, { status: report.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
