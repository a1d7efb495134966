import { pruneDeliveredMail } from "~/utils/mail-delivery.server";
import { defineSystemTask } from "../define";

export default defineSystemTask("mail__prune", async (tx, _payload, helpers) => {
  helpers.logger.info(`pruned ${await pruneDeliveredMail(tx)} delivered messages`);
});
