import type { JobHelpers, Task } from "graphile-worker";
import { z } from "zod";
import { withSystem, withTenant, type Tx } from "~/utils/db.server";
import { parsePayload, type JobName } from "./catalog";

type Payload<N extends JobName> = ReturnType<typeof parsePayload<N>>;

/** A task on global tables: zod-parsed payload, one transaction on the app connection. */
export function defineSystemTask<N extends JobName>(
  name: N,
  handler: (tx: Tx, payload: Payload<N>, helpers: JobHelpers) => Promise<void>,
): Task {
  return async (raw, helpers) => {
    const payload = parsePayload(name, raw);
    await withSystem((tx) => handler(tx, payload, helpers), `job:${helpers.job.id}`);
  };
}

const tenantPayload = z.object({ organizationId: z.uuid() });

/** A tenant task: the payload names its organization; the handler runs inside withTenant. */
export function defineTenantTask<N extends JobName>(
  name: N,
  handler: (tx: Tx, payload: Payload<N>, helpers: JobHelpers) => Promise<void>,
): Task {
  return async (raw, helpers) => {
    const payload = parsePayload(name, raw);
    const { organizationId } = tenantPayload.parse(payload);
    await withTenant({ organizationId, requestId: `job:${helpers.job.id}` }, (tx) => handler(tx, payload, helpers));
  };
}
