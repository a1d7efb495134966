import { sql } from "drizzle-orm";
import journal from "@db/migrations/meta/_journal.json";
import { queryRows, withSystem } from "~/utils/db.server";

/** A worker that has not written its heartbeat for this long counts as gone. */
export const HEARTBEAT_STALE_SECONDS = 60;

const latestMigration = Math.max(...journal.entries.map((e) => e.when));

export interface Readiness {
  ok: boolean;
  database: { ok: boolean; error?: string };
  migrations: { ok: boolean; applied: number; expected: number };
  worker: { ok: boolean; lastSeenSecondsAgo: number | null };
}

export async function readiness(): Promise<Readiness> {
  try {
    return await withSystem(async (tx) => {
      const [row] = await queryRows<{ applied: number; latest: string | null; seen: number | null }>(tx, sql`select
        (select count(*)::int from drizzle.__drizzle_migrations) as applied,
        (select max(created_at)::text from drizzle.__drizzle_migrations) as latest,
        (select extract(epoch from now() - max(seen_at))::float8 from worker_heartbeats) as seen`);
      const migrationsOk = Number(row.latest) >= latestMigration;
      const seen = row.seen === null ? null : Math.round(row.seen);
      const workerOk = seen !== null && seen <= HEARTBEAT_STALE_SECONDS;
      return {
        ok: migrationsOk && workerOk,
        database: { ok: true },
        migrations: { ok: migrationsOk, applied: row.applied, expected: journal.entries.length },
        worker: { ok: workerOk, lastSeenSecondsAgo: seen },
      };
    });
  } catch (error) {
    return {
      ok: false,
      database: { ok: false, error: error instanceof Error ? (error.cause as Error | undefined)?.message ?? error.message : "unreachable" },
      migrations: { ok: false, applied: 0, expected: journal.entries.length },
      worker: { ok: false, lastSeenSecondsAgo: null },
    };
  }
}
