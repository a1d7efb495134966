import { z } from "zod";

/**
 * Every background task: name (`<domain>__<verb>`) → payload schema. Payloads carry ids, not
 * data. Enqueue only through app/utils/jobs.server.ts `enqueue`, which validates against this.
 */
export const jobCatalog = {
  platform__health_check: z.object({ checkId: z.uuid() }),
  platform__prune: z.object({}).passthrough(),
  mail__send: z.object({ emailId: z.uuid() }),
  mail__prune: z.object({}).passthrough(),
  imports__validate: z.object({ organizationId: z.uuid(), importId: z.uuid(), attempt: z.number().int().min(1) }),
  imports__commit: z.object({ organizationId: z.uuid(), importId: z.uuid(), attempt: z.number().int().min(1) }),
  table_views__send_due: z.object({}).passthrough(),
  notifications__email: z.object({ organizationId: z.uuid(), notificationId: z.uuid() }),
  notifications__daily_scan: z.object({}).passthrough(),
  notifications__daily: z.object({ organizationId: z.uuid(), localDate: z.iso.date() }),
} as const;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.input<(typeof jobCatalog)[N]>;

export function parsePayload<N extends JobName>(name: N, payload: unknown): z.output<(typeof jobCatalog)[N]> {
  const parsed = jobCatalog[name].safeParse(payload);
  if (!parsed.success) throw new Error(`invalid payload for ${name}: ${z.prettifyError(parsed.error)}`);
  return parsed.data as z.output<(typeof jobCatalog)[N]>;
}
