import { pruneChecks } from "~/domains/platform/checks.server";
import { pruneHeartbeats } from "~/domains/platform/heartbeats.server";
import { defineSystemTask } from "../define";

export default defineSystemTask("platform__prune", async (tx, _payload, helpers) => {
  const checks = await pruneChecks(tx);
  const heartbeats = await pruneHeartbeats(tx);
  helpers.logger.info(`pruned ${checks} platform checks and ${heartbeats} stale worker heartbeats`);
});
