import { deliverNotificationEmail } from "~/domains/notifications/delivery.server";
import { defineTenantTask } from "../define";

export default defineTenantTask("notifications__email", async (tx, { notificationId }) => {
  await deliverNotificationEmail(tx, notificationId);
});
