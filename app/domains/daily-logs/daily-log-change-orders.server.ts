import { and, eq } from "drizzle-orm";
import { changeOrders, dailyLogDelays, dailyLogs, projects } from "@db/schema";
import { createChangeOrder } from "~/domains/change-orders/change-orders.server";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { DailyLogRefused } from "./daily-logs.server";
import { CAUSE_LABELS } from "./daily-log-sections";
import { dailyLogPath } from "./daily-log-ui";

/**
 * Starts a draft potential change order (prime, no lines yet: the project manager prices it) from a
 * delay flagged "potential change", citing the log's day and the delay, and links the delay to it.
 * Once only: the delay row is locked first, and a second start is refused with the change order it
 * already started.
 */
export async function startChangeOrderFromDelay(tx: Tx, input: { logId: string; delayId: string }) {
  if (!isUuid(input.delayId)) throw new RecordNotFound("delay");
  const [delay] = await tx
    .select()
    .from(dailyLogDelays)
    .where(and(eq(dailyLogDelays.id, input.delayId), eq(dailyLogDelays.dailyLogId, input.logId)))
    .for("update");
  if (!delay) throw new RecordNotFound("delay");
  if (!delay.potentialChange) throw new DailyLogRefused("Only a delay flagged as a potential change can start a change order.");
  if (delay.changeOrderId) {
    const [existing] = await tx.select({ number: changeOrders.number }).from(changeOrders).where(eq(changeOrders.id, delay.changeOrderId));
    throw new DailyLogRefused(`This delay already started change order #${existing?.number ?? "?"}.`);
  }
  const [log] = await tx
    .select({ id: dailyLogs.id, projectId: dailyLogs.projectId, logDate: dailyLogs.logDate, jobNumber: projects.jobNumber })
    .from(dailyLogs)
    .innerJoin(projects, eq(projects.id, dailyLogs.projectId))
    .where(eq(dailyLogs.id, input.logId));
  const cause = CAUSE_LABELS[delay.cause];
  const created = await createChangeOrder(tx, {
    projectId: log.projectId,
    kind: "prime",
    commitmentId: null,
    stage: "potential",
    title: `${cause} delay on ${log.logDate}: ${delay.description}`.slice(0, 200).trim(),
    description: [
      `From the daily log of ${log.logDate} (job ${log.jobNumber}): a ${cause.toLowerCase()} delay of ${delay.hours} hours.`,
      delay.description,
      `Daily log: ${dailyLogPath(log.projectId, log.id)}`,
    ].join("\n\n"),
  });
  await tx.update(dailyLogDelays).set({ changeOrderId: created.id }).where(eq(dailyLogDelays.id, delay.id));
  await recordAudit(tx, { entityType: "daily_log", entityId: log.id, action: "change_order_started", after: { delayId: delay.id, changeOrderId: created.id } });
  return created;
}

/** The daily log a change order was started from, if any (the change order page links back). */
export async function delayOriginOf(tx: Tx, changeOrderId: string) {
  const [origin] = await tx
    .select({ logId: dailyLogs.id, projectId: dailyLogs.projectId, logDate: dailyLogs.logDate })
    .from(dailyLogDelays)
    .innerJoin(dailyLogs, eq(dailyLogs.id, dailyLogDelays.dailyLogId))
    .where(eq(dailyLogDelays.changeOrderId, changeOrderId));
  return origin ? { href: dailyLogPath(origin.projectId, origin.logId), logDate: origin.logDate } : null;
}
