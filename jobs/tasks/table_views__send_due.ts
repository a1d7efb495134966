import type { Task } from "graphile-worker";
import { sendDueSchedules } from "~/domains/table-views/scheduled-export.server";
import { parsePayload } from "../catalog";

/**
 * Cron (every 15 minutes): sends the scheduled views whose time has come. It opens its own
 * transactions (one per recipient, as that recipient), so it is not one defineSystemTask transaction.
 */
const task: Task = async (raw, helpers) => {
  parsePayload("table_views__send_due", raw);
  const outcomes = await sendDueSchedules(new Date(), `job:${helpers.job.id}`);
  const sent = outcomes.filter((o) => o.status === "sent").length;
  const refused = outcomes.filter((o) => o.status === "refused").length;
  if (sent || refused) helpers.logger.info(`scheduled views: ${sent} sent, ${refused} refused`);
};

export default task;
