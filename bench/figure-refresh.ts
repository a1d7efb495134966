/**
 * Budget figures of the scale project (N-2000: 2,000 budget lines, 20,000 commitment lines,
 * 100,000 AP lines) brought up to date after a change, as the first reader after a write pays it:
 * - `oneLine`: one commitment line's amount changed, then the refresh, in one committed transaction;
 * - `full`: the whole project recomputed (what an import or a renamed division costs).
 * Also a row of `npm run bench` (bench/pages.ts). Standalone against a prepared database:
 *   PROFILE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/secg_budget node --import tsx bench/figure-refresh.ts
 * (prepare it with `PROFILE_PREPARE_ONLY=1 npm run profile`; FIGURE_REFRESH_ITERATIONS, default 20).
 */
import { sql } from "drizzle-orm";
import { refreshFigures } from "~/domains/budgets/figure-cache.server";
import { queryRows, withTenant } from "~/utils/db.server";
import { measure } from "./stats";

const ITERATIONS = Number(process.env.FIGURE_REFRESH_ITERATIONS ?? 20);

export interface RefreshScope {
  organizationId: string;
  projectId: string;
}

/** Both measurements for one project of one organization (its stored figures current or not). */
export async function figureRefreshBenchmark(s: RefreshScope, userId: string | null, iterations = ITERATIONS) {
  const run = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant({ organizationId: s.organizationId, userId }, fn);
  const [line] = await run((tx) =>
    queryRows<{ id: string; amount: string }>(tx, sql`
      select l.id, l.amount::text as amount from commitment_lines l join commitments c on c.id = l.commitment_id
      where c.project_id = ${s.projectId} and c.status = 'executed' order by l.id limit 1`),
  );
  if (!line) throw new Error("no executed commitment line in the project");
  const oneLine = async () => {
    let cents = 0;
    const stats = await measure({ concurrency: 1, iterations, warmup: 2 }, () =>
      run(async (tx) => {
        await tx.execute(sql`update commitment_lines set amount = amount + ${(++cents % 2 ? 1 : -1) / 100} where id = ${line.id}`);
        await refreshFigures(tx, s.projectId);
      }),
    );
    // An even number of calls leaves the amount as it was.
    if (cents % 2) await run((tx) => tx.execute(sql`update commitment_lines set amount = ${line.amount} where id = ${line.id}`));
    return stats;
  };
  const full = () =>
    measure({ concurrency: 1, iterations, warmup: 2 }, () =>
      run(async (tx) => {
        await tx.execute(sql`update budget_figure_state set source_version = source_version + 1, full_refresh = true where project_id = ${s.projectId}`);
        await refreshFigures(tx, s.projectId);
      }),
    );
  await run((tx) => refreshFigures(tx, s.projectId));
  return { oneLine: await oneLine(), full: await full() };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.env.APP_DATABASE_PASSWORD ??= "bench-app-password";
  process.env.LOG_LEVEL ??= "warn";
  process.env.DATABASE_URL = process.env.PROFILE_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/secg_profile";
  const { sqlClient } = await import("@db/sql-client");
  const owner = sqlClient(process.env.DATABASE_URL, { max: 1 });
  const [scope] = await owner<{ organizationId: string; projectId: string }>`
    select p.organization_id as "organizationId", p.id as "projectId" from projects p join organizations o on o.id = p.organization_id
    where p.job_number = 'N-2000' order by o.name desc limit 1`;
  await owner.end({ timeout: 5 });
  console.log(JSON.stringify(await figureRefreshBenchmark(scope, null), null, 2));
  process.exit(0);
}
