import { completeCheck } from "~/domains/platform/checks.server";
import { defineSystemTask } from "../define";
import { workerId } from "../identity";

export default defineSystemTask("platform__health_check", (tx, { checkId }) => completeCheck(tx, checkId, workerId));
