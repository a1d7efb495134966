import { sql } from "drizzle-orm";
import type { TableQuery } from "~/utils/data-table";
import { queryTable, serverTable, tableBatches } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { inspectionsTable, ncrsTable } from "./inspections.table";

const inspectionList = (projectId: string) =>
  serverTable(inspectionsTable, {
    from: sql`inspections n
      join checklist_template_versions v on v.id = n.template_version_id
      join checklist_templates t on t.id = v.template_id
      left join project_milestones m on m.id = n.milestone_id
      left join users u on u.id = n.inspector_id
      left join lateral (
        select count(*) filter (where a.result = 'fail') as failed, count(*) as answered
        from inspection_answers a where a.inspection_id = n.id
      ) a on true`,
    where: sql`n.project_id = ${projectId}`,
    columns: {
      number: sql`'I-' || lpad(n.number::text, 3, '0')`,
      title: sql`n.title`,
      template: sql`t.name || ' v' || v.version_number`,
      location: sql`n.location`,
      milestone: sql`coalesce(m.name, '')`,
      inspectedOn: sql`n.inspected_on`,
      inspector: sql`coalesce(u.name, '')`,
      status: sql`n.status`,
      failed: sql`coalesce(a.failed, 0)::int`,
      answered: sql`coalesce(a.answered, 0)::int`,
      items: sql`(select count(*)::int from checklist_items i where i.version_id = n.template_version_id)`,
    },
    id: sql`n.id`,
    extra: { href: sql`'/projects/' || n.project_id || '/inspections/' || n.id` },
  });

export const listInspections = (tx: Tx, projectId: string, query: TableQuery) => queryTable(tx, inspectionList(projectId), query);

/** The export's rows in batches, each batch in its own transaction. */
export const inspectionBatches = (run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, projectId: string, query: TableQuery) =>
  tableBatches(run, inspectionList(projectId), query);

const ncrList = (projectId: string) =>
  serverTable(ncrsTable, {
    from: sql`ncrs r left join inspections n on n.id = r.inspection_id`,
    where: sql`r.project_id = ${projectId}`,
    columns: {
      number: sql`'NCR-' || lpad(r.number::text, 3, '0')`,
      title: sql`r.title`,
      inspection: sql`coalesce('I-' || lpad(n.number::text, 3, '0'), '')`,
      location: sql`r.location`,
      status: sql`r.status`,
      raisedOn: sql`(r.created_at at time zone 'UTC')::date`,
      closedAt: sql`r.closed_at`,
    },
    id: sql`r.id`,
    extra: {
      href: sql`'/projects/' || r.project_id || '/ncrs/' || r.id`,
      inspectionHref: sql`case when n.id is not null then '/projects/' || n.project_id || '/inspections/' || n.id end`,
    },
  });

export const listNcrs = (tx: Tx, projectId: string, query: TableQuery) => queryTable(tx, ncrList(projectId), query);
