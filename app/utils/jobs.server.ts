import { sql } from "drizzle-orm";
import { jobCatalog, parsePayload, type JobName, type JobPayload } from "@jobs/catalog";
import type { Tx } from "./db.server";
import { queryRows } from "~/utils/db.server";

export interface EnqueueOptions {
  runAt?: Date;
  maxAttempts?: number;
  queueName?: string;
  priority?: number;
}

/**
 * Adds a job inside the caller's transaction (through the SECURITY DEFINER wrapper), so the job
 * exists if and only if the surrounding data change commits.
 */
export async function enqueue<N extends JobName>(tx: Tx, name: N, payload: JobPayload<N>, options: EnqueueOptions = {}) {
  if (!(name in jobCatalog)) throw new Error(`unknown job ${name}`);
  const data = parsePayload(name, payload);
  const rows = await queryRows<{ id: string }>(tx, sql`select app_private.enqueue_job(
    ${name}, ${JSON.stringify(data)}::json, ${options.runAt?.toISOString() ?? null}::timestamptz,
    ${options.maxAttempts ?? null}::int, null, ${options.queueName ?? null}, ${options.priority ?? null}::int) as id`);
  return String(rows[0].id);
}
