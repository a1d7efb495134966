import { runValidation } from "~/domains/imports/import-validate-job.server";
import { defineLongTenantTask } from "../define";
import { workerId } from "../identity";

export default defineLongTenantTask("imports__validate", async (payload, helpers) => {
  await runValidation({ ...payload, workerId, requestId: `job:${helpers.job.id}` });
});
