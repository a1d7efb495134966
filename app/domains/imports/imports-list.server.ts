import { sql } from "drizzle-orm";
import { serverTable } from "~/utils/data-table.server";
import { importsTable } from "./imports.table";

const summed = (field: "rows") =>
  sql`(select coalesce(sum((s.value ->> ${sql.raw(`'${field}'`)})::int), 0) from jsonb_each(i.summary) s)`;
const committed = (field: "created" | "updated") =>
  sql`(select sum((c.value ->> ${sql.raw(`'${field}'`)})::int) from jsonb_each(i.committed_counts) c)`;

/** The organization's imports under RLS (withTenant), newest first by default, with who uploaded each. */
export const importsList = serverTable(importsTable, {
  from: sql`imports i left join users u on u.id = i.created_by`,
  columns: {
    uploadedAt: sql`i.created_at`,
    fileName: sql`i.file_name`,
    uploadedBy: sql`coalesce(nullif(u.name, ''), u.email)`,
    status: sql`case i.status when 'parsing' then 'validating' else i.status end`,
    rows: summed("rows"),
    created: committed("created"),
    updated: committed("updated"),
    errors: sql`i.error_count`,
    committedAt: sql`case when i.status = 'done' then i.finished_at end`,
  },
  id: sql`i.id`,
  extra: { href: sql`'/imports/' || i.id` },
});
