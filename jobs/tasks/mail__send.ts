import { deliverQueuedEmail } from "~/utils/mail-delivery.server";
import { defineSystemTask } from "../define";

export default defineSystemTask("mail__send", async (tx, { emailId }) => {
  await deliverQueuedEmail(tx, emailId);
});
