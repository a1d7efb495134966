import { organizationsAtDigestHour } from "~/domains/notifications/daily.server";
import { enqueue } from "~/utils/jobs.server";
import { defineSystemTask } from "../define";

/** Hourly: one daily round per organization whose local time has passed the digest hour (the round itself is idempotent). */
export default defineSystemTask("notifications__daily_scan", async (tx, _payload, helpers) => {
  const due = await organizationsAtDigestHour(tx);
  for (const org of due) await enqueue(tx, "notifications__daily", org);
  helpers.logger.info(`queued the daily notification round of ${due.length} organizations`);
});
