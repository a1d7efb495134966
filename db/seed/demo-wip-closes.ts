/**
 * Demo month-end closes: the two month ends before today, closed through the WIP close service
 * (so every figure is what the app computes), the second with period figures against the first.
 * Runs only for an organization without closes.
 */
import { sql } from "drizzle-orm";
import { closeWip } from "~/domains/wip/wip-close.server";
import { monthEnd } from "~/domains/wip/wip-period";
import { organizationToday } from "~/utils/aging-report.server";
import type { Tx } from "~/utils/db.server";
import { queryRows } from "@db/query-rows";

export async function seedWipCloses(tx: Tx, userId: string) {
  const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from wip_closes`);
  if (n > 0) return;
  const today = await organizationToday(tx);
  for (const periodEnd of [monthEnd(today, -2), monthEnd(today, -1)]) await closeWip(tx, { periodEnd, userId });
}
