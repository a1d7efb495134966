import { runCommit } from "~/domains/imports/import-commit-job.server";
import { defineLongTenantTask } from "../define";
import { workerId } from "../identity";

export default defineLongTenantTask("imports__commit", async (payload, helpers) => {
  await runCommit({ ...payload, workerId, requestId: `job:${helpers.job.id}` });
});
