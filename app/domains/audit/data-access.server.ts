import { sql } from "drizzle-orm";
import { serverTable } from "~/utils/data-table.server";
import { dataAccessTable } from "./data-access.table";

// "key: value; …" in key order, so the list reads without opening JSON.
const filters = sql`coalesce((select string_agg(format('%s: %s', f.key, f.value), '; ' order by f.key) from jsonb_each_text(e.filters) as f(key, value)), '')`;

/** The data access log under RLS: the tenant's own rows only (withTenant), actor names from users. */
export const dataAccessList = serverTable(dataAccessTable, {
  from: sql`data_access_events e left join users u on u.id = e.actor_user_id`,
  columns: {
    occurredAt: sql`e.occurred_at`,
    actor: sql`coalesce(u.name || ' <' || u.email || '>', 'System')`,
    view: sql`e.view`,
    format: sql`e.format`,
    filters,
    rowCount: sql`e.row_count`,
    ip: sql`coalesce(e.ip, '')`,
    requestId: sql`coalesce(e.request_id, '')`,
  },
  id: sql`e.id`,
});
