/**
 * The SQL a service call really sends (captured through a logging drizzle instance on the app
 * role, inside a tenant transaction), and per-statement timing of it: which query dominates a page.
 */
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { noDelaySocket } from "@db/client";
import * as schema from "@db/schema";
import type { Tx } from "~/utils/db.server";

type Sql = postgres.Sql;

export interface CapturedQuery {
  text: string;
  params: unknown[];
}

/** One connection with TCP_NODELAY like the app's pool (db/client.ts), so no timing carries a Nagle delay. */
export const benchClient = (url: string) => postgres(url, { max: 1, onnotice: () => {}, ...noDelaySocket });

/** Runs `fn` in a tenant transaction on a logging drizzle instance; returns every statement it sent. */
export async function captureQueries(appUrl: string, organizationId: string, fn: (tx: Tx) => Promise<unknown>) {
  const client = benchClient(appUrl);
  const captured: CapturedQuery[] = [];
  const db = drizzle(client, { schema, casing: "snake_case", logger: { logQuery: (text, params) => captured.push({ text, params }) } });
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.organization_id', ${organizationId}, true)`);
      captured.length = 0; // only the service's own statements
      await fn(tx as unknown as Tx);
    });
  } finally {
    await client.end({ timeout: 5 });
  }
  return captured;
}

export async function timedInTransaction(client: Sql, setup: string | null, query: CapturedQuery) {
  let ms = 0;
  let rows: unknown[] = [];
  await client.begin(async (tx) => {
    if (setup) await tx.unsafe(setup);
    const t0 = performance.now();
    rows = await tx.unsafe(query.text, query.params as postgres.ParameterOrJSON<never>[], { prepare: false });
    ms = performance.now() - t0;
  });
  return { ms, rows };
}

export const setTenantStatement = (organizationId: string) => `select set_config('app.organization_id', '${organizationId}', true)`;

export interface StatementTiming {
  /** Its position among the statements timed. */
  index: number;
  p50Ms: number;
  rows: number;
  sql: string;
}

/** Head and tail: a long statement is told apart by its outer select and its ORDER BY/LIMIT. */
export const abbreviate = (text: string) => (text.length > 200 ? `${text.slice(0, 110)} … ${text.slice(-80)}` : text);

/** Each captured statement alone in a tenant transaction, `iterations` times: p50 and row count, slowest first. */
export async function timeStatements(appUrl: string, organizationId: string, statements: CapturedQuery[], iterations = 7) {
  const client = benchClient(appUrl);
  try {
    const timings: StatementTiming[] = [];
    for (const [index, statement] of statements.entries()) {
      const samples: number[] = [];
      let rows = 0;
      for (let i = 0; i < iterations; i++) {
        const run = await timedInTransaction(client, setTenantStatement(organizationId), statement);
        samples.push(run.ms);
        rows = run.rows.length;
      }
      samples.sort((a, b) => a - b);
      const sqlText = statement.text.replace(/\s+/g, " ").trim();
      timings.push({ index, p50Ms: Math.round(samples[Math.floor(samples.length / 2)] * 10) / 10, rows, sql: abbreviate(sqlText) });
    }
    return timings.sort((a, b) => b.p50Ms - a.p50Ms);
  } finally {
    await client.end({ timeout: 5 });
  }
}
