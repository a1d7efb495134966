import type { JobHelpers, Task } from "graphile-worker";
import { z } from "zod";
import { withSystem, withTenant, type Tx } from "~/utils/db.server";
import { parsePayload, type JobName } from "./catalog";

type Payload<N extends JobName> = ReturnType<typeof parsePayload<N>>;
type Handler<N extends JobName> = (tx: Tx, payload: Payload<N>, helpers: JobHelpers) => Promise<void>;
type InTransaction = (payload: unknown, requestId: string, fn: (tx: Tx) => Promise<void>) => Promise<void>;

/** Parses the payload with zod, then runs the handler in one transaction opened by `inTransaction`. */
function defineTask<N extends JobName>(name: N, inTransaction: InTransaction, handler: Handler<N>): Task {
  return async (raw, helpers) => {
    const payload = parsePayload(name, raw);
    await inTransaction(payload, `job:${helpers.job.id}`, (tx) => handler(tx, payload, helpers));
  };
}

/** A task on global tables: one transaction on the app connection, no tenant. */
export const defineSystemTask = <N extends JobName>(name: N, handler: Handler<N>) =>
  defineTask(name, (_payload, requestId, fn) => withSystem(fn, requestId), handler);

const tenantPayload = z.object({ organizationId: z.uuid() });

/** A tenant task: the payload names its organization; the handler runs inside withTenant. */
export const defineTenantTask = <N extends JobName>(name: N, handler: Handler<N>) =>
  defineTask(
    name,
    (payload, requestId, fn) => withTenant({ organizationId: tenantPayload.parse(payload).organizationId, requestId }, fn),
    handler,
  );

type LongHandler<N extends JobName> = (payload: Payload<N>, helpers: JobHelpers) => Promise<void>;

/**
 * A long tenant task (imports) that opens its own transactions: progress must be visible to the
 * page while the work runs, so it cannot sit inside one transaction. The handler still reaches
 * tenant tables only through withTenant with the payload's organization.
 */
export const defineLongTenantTask =
  <N extends JobName>(name: N, handler: LongHandler<N>): Task =>
  async (raw, helpers) => {
    const payload = parsePayload(name, raw);
    tenantPayload.parse(payload);
    await handler(payload, helpers);
  };
