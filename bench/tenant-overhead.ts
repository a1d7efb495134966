/**
 * The overhead of withTenant (transaction + set_config) over a bare query on the same app-role
 * pool, at concurrency 1 and 20.
 */
import { sql } from "drizzle-orm";
import { appPool } from "@db/client";
import { queryRows } from "@db/query-rows";
import { withTenant } from "~/utils/db.server";
import { measure, ratio } from "./stats";

export async function tenantOverheadBenchmark(organizationId: string, iterations: number) {
  const options = (concurrency: number) => ({ concurrency, iterations, warmup: 300 });
  const lookup = () => sql`select id, name from organizations where id = ${organizationId}`;
  const lookupText = "select id, name from organizations where id = $1";
  const results = [];
  for (const concurrency of [1, 20]) {
    // Baselines on the same pool (pool.query: one checkout, one statement): `select 1`, and the same
    // lookup outside any transaction (no tenant set, so RLS filters it to zero rows; the plan and
    // round trip are the same).
    const bare = await measure(options(concurrency), () => appPool().query("select 1 as one"));
    const bareLookup = await measure(options(concurrency), () => appPool().query(lookupText, [organizationId]));
    const tenant = await measure(options(concurrency), () => withTenant({ organizationId }, (tx) => queryRows(tx, lookup())));
    results.push({
      concurrency,
      bare,
      bareLookup,
      withTenant: tenant,
      ratioMean: ratio(tenant.meanMs, bareLookup.meanMs),
      ratioP95: ratio(tenant.p95Ms, bareLookup.p95Ms),
    });
  }
  return { benchmark: "withTenant-overhead", iterations, results };
}

export function tenantOverheadTable(report: Awaited<ReturnType<typeof tenantOverheadBenchmark>>) {
  return [
    "withTenant overhead (app role, one pool; ms per request)",
    "",
    "| concurrency | bare select 1 p50/p95 | bare lookup p50/p95 | withTenant lookup p50/p95 | withTenant ÷ bare lookup (mean) | (p95) |",
    "|---|---|---|---|---|---|",
    ...report.results.map(
      (r) =>
        `| ${r.concurrency} | ${r.bare.p50Ms} / ${r.bare.p95Ms} | ${r.bareLookup.p50Ms} / ${r.bareLookup.p95Ms} | ${r.withTenant.p50Ms} / ${r.withTenant.p95Ms} | ${r.ratioMean}× | ${r.ratioP95}× |`,
    ),
    "",
    "withTenant = BEGIN; set_config ×3; the query; COMMIT — one pooled connection per request.",
  ];
}
