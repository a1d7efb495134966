/**
 * The cost of recording a read (recordDataAccess): the WIP loader's transaction with and without
 * its data_access_events insert as the last statement, and the same for a one-row lookup, where
 * the insert's share is largest. Same pool, same tenant, at concurrency 1 and 20.
 */
import { sql } from "drizzle-orm";
import { wipSchedule } from "~/domains/wip/wip.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { queryRows } from "@db/query-rows";
import { measure, ratio } from "./stats";

export async function dataAccessCostBenchmark(organizationId: string, iterations: number) {
  const lookup = (tx: Tx) => queryRows(tx, sql`select id, name from organizations where id = ${organizationId}`);
  const readers = [
    { name: "WIP schedule", iterations: Math.min(iterations, 300), read: (tx: Tx) => wipSchedule(tx).then((s) => s.rows.length) },
    { name: "one-row lookup", iterations, read: (tx: Tx) => lookup(tx).then((rows) => rows.length) },
  ];
  const results = [];
  for (const reader of readers) {
    for (const concurrency of [1, 20]) {
      const options = { concurrency, iterations: reader.iterations, warmup: Math.min(100, reader.iterations) };
      const without = await measure(options, () => withTenant({ organizationId }, reader.read));
      const recorded = await measure(options, () =>
        withTenant({ organizationId }, async (tx) => {
          const rowCount = await reader.read(tx);
          await recordDataAccess(tx, { view: "wip", format: "page", filters: { sort: "project asc" }, rowCount });
        }),
      );
      results.push({ reader: reader.name, concurrency, without, recorded, ratioMean: ratio(recorded.meanMs, without.meanMs), ratioP95: ratio(recorded.p95Ms, without.p95Ms) });
    }
  }
  return { benchmark: "data-access-recording", iterations, results };
}

export function dataAccessCostTable(report: Awaited<ReturnType<typeof dataAccessCostBenchmark>>) {
  return [
    "Recording a read (data_access_events insert as the transaction's last statement; ms per request)",
    "",
    "| read | concurrency | without p50/p95 | with record p50/p95 | with ÷ without (mean) | (p95) |",
    "|---|---|---|---|---|---|",
    ...report.results.map(
      (r) => `| ${r.reader} | ${r.concurrency} | ${r.without.p50Ms} / ${r.without.p95Ms} | ${r.recorded.p50Ms} / ${r.recorded.p95Ms} | ${r.ratioMean}× | ${r.ratioP95}× |`,
    ),
    "",
    "The insert rides in the reader's own transaction: no extra BEGIN/COMMIT or pool checkout.",
  ];
}
