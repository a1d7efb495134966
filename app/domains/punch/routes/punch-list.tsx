import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { ProjectPageHeader } from "~/components/project-page-header";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { lookupOptions } from "~/utils/table-lookups.server";
import { useCan } from "~/utils/use-viewer";
import { BulkAssignForm } from "../punch-bulk-assign";
import { punchFormChoices, vendorIdByName } from "../punch-detail.server";
import { listPunchItems } from "../punch-list.server";
import { bulkAssignPunchItems } from "../punch-workflow.server";
import { bulkAssignSchema } from "../punch.schema";
import { PunchConflict, PunchRefused } from "../punch.server";
import { punchItemsTable } from "../punch.table";
import { ProjectTabs } from "~/domains/projects/project-tabs-nav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Punch list · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const query = parseTableQuery(punchItemsTable, new URL(request.url));
  return withTenant(member.tenant, async (tx) => {
    const page = await listPunchItems(tx, project.id, query);
    const filterOptions = await lookupOptions(tx, punchItemsTable, member.active.role);
    const vendorId = query.filters.vendor ? await vendorIdByName(tx, query.filters.vendor) : null;
    return { project: { id: project.id, jobNumber: project.jobNumber, name: project.name }, query, page, filterOptions, vendorId, choices: await punchFormChoices(tx) };
  });
}

/** Bulk assignment: the ticked items get the chosen subcontractor, member and/or due date, all or none. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "punch:manage");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const submission = parseForm(form, bulkAssignSchema);
  if (submission.status !== "success") return invalid(submission);
  const back = new URL(request.url).searchParams.get("back");
  const list = `/projects/${project.id}/punch${back?.startsWith("?") ? back : ""}`;
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const items = await bulkAssignPunchItems(tx, { ...submission.value, projectId: project.id });
        return { location: list, message: `${items.length} punch item${items.length === 1 ? "" : "s"} assigned.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof PunchRefused) return invalid(submission, { fieldErrors: { [error.field]: [error.message] } });
    if (error instanceof PunchConflict) return invalid(submission, { formErrors: [error.message] }, 409);
    throw error;
  }
}

export default function PunchList() {
  const { project, query, page, filterOptions, vendorId, choices } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const canManage = useCan("punch:manage");
  const base = `/projects/${project.id}/punch`;
  return (
    <section className="space-y-6">
      <ProjectPageHeader
        project={project}
        title="Punch list"
        description="Work to finish or fix before handover: the responsible party marks an item ready, the project team accepts and closes it or sends it back."
        action={canManage ? { href: `${base}/new`, label: "New punch item" } : null}
      />
      <ProjectTabs projectId={project.id} />
      <nav className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <a className="inline-flex min-h-11 items-center text-brand-700 hover:underline" href={`${base}?f.status=not_closed`}>Open or ready</a>
        <a className="inline-flex min-h-11 items-center text-brand-700 hover:underline" href={`${base}?f.status=ready_for_review`}>Ready for review</a>
        <a className="inline-flex min-h-11 items-center text-brand-700 hover:underline" href={`${base}?f.overdue=yes`}>Overdue</a>
        <a className="inline-flex min-h-11 items-center text-brand-700 hover:underline" href={`/projects/${project.id}/observations`}>Observations</a>
        {vendorId ? (
          <a className="inline-flex min-h-11 items-center font-medium text-brand-700 hover:underline" href={`${base}/vendors/${vendorId}.pdf`}>
            PDF punch list for {query.filters.vendor}
          </a>
        ) : null}
      </nav>
      <DataTable
        definition={punchItemsTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        pathname={base}
        filterOptions={filterOptions}
        exportHref={tableHref(`${base}/export.xlsx`, query, { after: null })}
        caption="Punch items"
        emptyMessage="No punch items match these filters."
        select={canManage ? { form: "bulk-assign", name: "itemIds", valueKey: "id", label: (row) => `Select ${row.number}` } : undefined}
      />
      {canManage && page.rows.length > 0 ? <BulkAssignForm action={`${base}?back=${encodeURIComponent(tableHref("", query, {}))}`} choices={choices} lastResult={lastResult} /> : null}
    </section>
  );
}
