import { notifyDueInvoices, sendDigests } from "~/domains/notifications/daily.server";
import { defineTenantTask } from "../define";

export default defineTenantTask("notifications__daily", async (tx, { localDate }, helpers) => {
  const due = await notifyDueInvoices(tx, localDate);
  const mailed = await sendDigests(tx, localDate);
  helpers.logger.info(`daily round ${localDate}: ${due} invoices due notified, ${mailed} digests mailed`);
});
