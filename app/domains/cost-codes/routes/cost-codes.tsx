import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import type { z } from "zod";
import { DataTable } from "~/components/data-table/data-table";
import { requireMember, type Member } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { queryTable } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can } from "~/utils/permissions";
import { EditCostCodeForm, NewCostCodeForm, resultFor } from "../cost-code-forms";
import { createCostCodeSchema, createCostTypeSchema, updateCostCodeSchema, updateCostTypeSchema } from "../cost-codes.schema";
import { costCodesList, CostCodeRefused, createCostCode, getCostCode, listDivisions, StaleCatalogRecord, updateCostCode } from "../cost-codes.server";
import { costCodesTable } from "../cost-codes.table";
import { createCostType, listCostTypes, updateCostType } from "../cost-types.server";
import { CostTypesSection } from "../cost-types-section";

export const meta: MetaFunction = () => [{ title: "Cost codes · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "cost_codes:read");
  const url = new URL(request.url);
  const query = parseTableQuery(costCodesTable, url);
  const canManage = can(member.active.role, "cost_codes:manage");
  const editId = canManage ? url.searchParams.get("edit") : null;
  try {
    return await withTenant(member.tenant, async (tx) => {
      const page = await queryTable(tx, costCodesList, query);
      const listHref = tableHref("/cost-codes", query);
      const rows = page.rows.map((row) => ({ ...row, editHref: canManage ? `${listHref}&edit=${row.id}` : null }));
      return {
        query,
        page: { ...page, rows },
        listHref,
        divisions: await listDivisions(tx),
        costTypes: await listCostTypes(tx),
        editing: editId ? await getCostCode(tx, editId) : null,
        canManage,
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

type Mutation<S extends z.ZodType> = (tx: Tx, value: z.output<S>) => Promise<string>;

/** Back to the list as the user left it (sort, filters, page), without the edit form. */
function listUrl(request: Request) {
  const url = new URL(request.url);
  url.searchParams.delete("edit");
  return `${url.pathname}${url.search}`;
}

/** Parse with the intent's schema, run the service, answer with a flash or the form's errors. */
async function submit<S extends z.ZodType>(request: Request, form: FormData, member: Member, schema: S, mutate: Mutation<S>) {
  const submission = parseForm(form, schema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const message = await withTenant(member.tenant, (tx) => mutate(tx, submission.value as z.output<S>));
    return redirectWithFlash(listUrl(request), { kind: "success", message });
  } catch (error) {
    if (error instanceof CostCodeRefused)
      return invalid(submission, error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }, 409);
    if (error instanceof StaleCatalogRecord) return invalid(submission, { formErrors: [error.message] }, 409);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "cost_codes:manage");
  switch (form.get("intent")) {
    case "create-code":
      return submit(request, form, member, createCostCodeSchema, async (tx, value) => {
        const created = await createCostCode(tx, value);
        return `${created.parentId ? "Cost code" : "Division"} ${created.code} added.`;
      });
    case "update-code":
      return submit(request, form, member, updateCostCodeSchema, async (tx, value) => `${(await updateCostCode(tx, value)).code} saved.`);
    case "create-type":
      return submit(request, form, member, createCostTypeSchema, async (tx, value) => `Cost type ${(await createCostType(tx, value)).name} added.`);
    case "update-type":
      return submit(request, form, member, updateCostTypeSchema, async (tx, value) => `Cost type ${(await updateCostType(tx, value)).name} saved.`);
    default:
      throw new Response("Unknown action.", { status: 400 });
  }
}

export default function CostCodes() {
  const { query, page, listHref, divisions, costTypes, editing, canManage } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Cost codes</h1>
        <p className="mt-1 text-sm text-slate-600">
          The organization&apos;s catalog: divisions, and cost codes one level below them. Click a code to rename or deactivate it.
        </p>
      </div>
      {editing ? <EditCostCodeForm code={editing} lastResult={resultFor(lastResult, "update-code", editing.id)} cancelHref={listHref} /> : null}
      {canManage ? <NewCostCodeForm divisions={divisions} lastResult={resultFor(lastResult, "create-code")} /> : null}
      <DataTable
        definition={costCodesTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        totals={page.totals}
        pathname="/cost-codes"
        exportHref={tableHref("/cost-codes/export.xlsx", query, { after: null })}
        caption="Divisions and cost codes"
        emptyMessage="No cost codes match these filters."
      />
      <CostTypesSection costTypes={costTypes} canManage={canManage} lastResult={lastResult} />
    </section>
  );
}
