import { sql } from "drizzle-orm";
import { serverTable } from "~/utils/data-table.server";
import { auditTable } from "./audit.table";

// "field: before → after" for every key whose value changed, so the list reads without opening JSON.
const changes = sql`coalesce((
  select string_agg(format('%s: %s → %s', k.key, coalesce(e.before ->> k.key, '∅'), coalesce(e.after ->> k.key, '∅')), '; ' order by k.key)
  from jsonb_object_keys(coalesce(e.after, '{}'::jsonb) || coalesce(e.before, '{}'::jsonb)) as k(key)
  where (e.before -> k.key) is distinct from (e.after -> k.key)
), '')`;

/** The audit log under RLS: the tenant's own rows only (withTenant), actor names from users. */
export const auditList = serverTable(auditTable, {
  from: sql`audit_events e left join users u on u.id = e.actor_user_id`,
  columns: {
    occurredAt: sql`e.occurred_at`,
    actor: sql`coalesce(u.name || ' <' || u.email || '>', 'System')`,
    action: sql`e.action`,
    entityType: sql`e.entity_type`,
    entityId: sql`e.entity_id`,
    changes,
    ip: sql`coalesce(e.ip, '')`,
    requestId: sql`coalesce(e.request_id, '')`,
  },
  id: sql`e.id`,
});
