/**
 * The SQL a service call really sends (captured through a logging drizzle instance on the app
 * role, inside a tenant transaction), and per-statement timing of it: which query dominates a page.
 */
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "@db/schema";
import { sqlClient, type SqlClient } from "@db/sql-client";
import type { Tx } from "~/utils/db.server";

type Sql = SqlClient;

export interface CapturedQuery {
  text: string;
  params: unknown[];
}

/** One connection (pg sets TCP_NODELAY, as on the app's pool, so no timing carries a Nagle delay). */
export const benchClient = (url: string) => sqlClient(url, { max: 1 });

const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release savepoint)\b/i;

/** Runs `fn` in a tenant transaction on a logging drizzle instance; returns every statement it sent. */
export async function captureQueries(appUrl: string, organizationId: string, fn: (tx: Tx) => Promise<unknown>) {
  const client = benchClient(appUrl);
  const captured: CapturedQuery[] = [];
  let capturing = false;
  // drizzle node-postgres sends BEGIN/COMMIT and savepoints as logged statements: only the service's own statements count.
  const logQuery = (text: string, params: unknown[]) => {
    if (capturing && !TRANSACTION_CONTROL.test(text)) captured.push({ text, params });
  };
  const db = drizzle(client.pool, { schema, casing: "snake_case", logger: { logQuery } });
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.organization_id', ${organizationId}, true)`);
      capturing = true;
      try {
        await fn(tx as unknown as Tx);
      } finally {
        capturing = false;
      }
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
    // The captured text with its parameters, as drizzle sent it: an unnamed statement, parsed and planned each time.
    rows = await tx.unsafe(query.text, query.params);
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
