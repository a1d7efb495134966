import type { SubmissionResult } from "@conform-to/react";
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
import { VendorForm } from "../vendor-form";
import { updateVendorSchema, vendorSchema } from "../vendors.schema";
import { createVendor, DuplicateVendor, getVendor, StaleVendor, updateVendor, vendorsList } from "../vendors.server";
import { vendorsTable } from "../vendors.table";

export const meta: MetaFunction = () => [{ title: "Vendors · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "vendors:read");
  const url = new URL(request.url);
  const query = parseTableQuery(vendorsTable, url);
  const canManage = can(member.active.role, "vendors:manage");
  const editId = canManage ? url.searchParams.get("edit") : null;
  try {
    return await withTenant(member.tenant, async (tx) => {
      const page = await queryTable(tx, vendorsList, query);
      const listHref = tableHref("/vendors", query);
      return { query, page, listHref, canManage, editing: editId ? await getVendor(tx, editId) : null };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

/** Back to the list as the user left it (sort, filters, page), without the edit form. */
function listUrl(request: Request) {
  const url = new URL(request.url);
  url.searchParams.delete("edit");
  return `${url.pathname}${url.search}`;
}

/** Parse with the intent's schema, run the service, answer with a flash or the form's errors. */
async function save<S extends z.ZodType>(request: Request, form: FormData, member: Member, schema: S, run: (tx: Tx, value: z.output<S>) => Promise<{ name: string }>, verb: string) {
  const submission = parseForm(form, schema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const saved = await withTenant(member.tenant, (tx) => run(tx, submission.value as z.output<S>));
    return redirectWithFlash(listUrl(request), { kind: "success", message: `${saved.name} ${verb}.` });
  } catch (error) {
    if (error instanceof DuplicateVendor) return invalid(submission, { fieldErrors: { name: [error.message] } }, 409);
    if (error instanceof StaleVendor) return invalid(submission, { formErrors: [error.message] }, 409);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "vendors:manage");
  switch (form.get("intent")) {
    case "create":
      return save(request, form, member, vendorSchema, createVendor, "added");
    case "update":
      return save(request, form, member, updateVendorSchema, updateVendor, "saved");
    default:
      throw new Response("Unknown action.", { status: 400 });
  }
}

const resultFor = (result: SubmissionResult<string[]> | undefined, intent: string) =>
  result?.initialValue?.intent === intent ? result : undefined;

export default function Vendors() {
  const { query, page, listHref, canManage, editing } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Vendors</h1>
        <p className="mt-1 text-sm text-slate-600">Subcontractors and suppliers you commit work to. Click a name for the vendor&apos;s contacts, compliance, commitments, invoices and payments{canManage ? " (and to edit it)" : ""}.</p>
      </div>
      {editing ? <VendorForm key={editing.id} vendor={editing} lastResult={resultFor(lastResult, "update")} cancelHref={listHref} /> : null}
      {canManage && !editing ? <VendorForm lastResult={resultFor(lastResult, "create")} /> : null}
      <DataTable
        definition={vendorsTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        totals={page.totals}
        pathname="/vendors"
        exportHref={tableHref("/vendors/export.xlsx", query, { after: null })}
        caption="Vendors"
        emptyMessage="No vendors match these filters."
      />
    </section>
  );
}
