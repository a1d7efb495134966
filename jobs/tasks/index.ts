import type { TaskList } from "graphile-worker";
import type { JobName } from "../catalog";
import imports__commit from "./imports__commit";
import imports__validate from "./imports__validate";
import mail__prune from "./mail__prune";
import mail__send from "./mail__send";
import notifications__daily from "./notifications__daily";
import notifications__daily_scan from "./notifications__daily_scan";
import notifications__email from "./notifications__email";
import platform__health_check from "./platform__health_check";
import platform__prune from "./platform__prune";
import table_views__send_due from "./table_views__send_due";

/** Every task handler, keyed like jobs/catalog.ts (the type makes a missing handler a compile error). */
export const taskList: Record<JobName, TaskList[string]> = {
  platform__health_check,
  platform__prune,
  mail__send,
  mail__prune,
  imports__validate,
  imports__commit,
  table_views__send_due,
  notifications__email,
  notifications__daily_scan,
  notifications__daily,
};
