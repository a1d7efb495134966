import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { ProjectPageHeader } from "~/components/project-page-header";
import { requireVisibleProject } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { queryTable } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { CellErrors } from "~/utils/cell-errors.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { rateToPercent } from "~/utils/money";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { useCan } from "~/utils/use-viewer";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { listCostCodeOptions } from "../../cost-codes/cost-codes.server";
import { ContractFigures } from "../contract-figures";
import { ContractForm } from "../contract-form";
import { contractPageSchema, SOV_BLANK_ROWS, SOV_MAX_BLANK_ROWS, type ContractPageInput } from "../contracts.schema";
import { ContractConflict, ContractRefused, getContractOverview, saveContract } from "../contracts.server";
import { SovGrid } from "../sov-line-forms";
import { saveSovGrid } from "../sov-grid.server";
import { sovList } from "../sov-list.server";
import { sovTable } from "../sov-lines.table";
import { addSovLine, deleteSovLine, listSovLines, updateSovLine } from "../sov.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Prime contract · ${data?.project.name ?? "Project"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "contracts:read");
  const url = new URL(request.url);
  const query = parseTableQuery(sovTable, url);
  try {
    return await withTenant(member.tenant, async (tx) => {
      const { project, contract, figures } = await getContractOverview(tx, params.projectId ?? "");
      const page = contract ? await queryTable(tx, sovList(contract.id), query) : null;
      const rows = Number(url.searchParams.get("rows"));
      return {
        project: { id: project.id, name: project.name, jobNumber: project.jobNumber },
        defaultRetainagePercent: rateToPercent(project.defaultRetainageRate),
        contract: contract && {
          ...contract,
          retainagePercent: rateToPercent(contract.retainageRate),
          storedRetainagePercent: contract.storedRetainageRate === null ? "" : rateToPercent(contract.storedRetainageRate),
          retainageCapPercent: contract.retainageCapRate === null ? "" : rateToPercent(contract.retainageCapRate),
        },
        figures,
        query,
        page,
        gridLines: contract ? await listSovLines(tx, contract.id) : [],
        blankRows: Number.isInteger(rows) && rows > 0 ? Math.min(rows, SOV_MAX_BLANK_ROWS) : SOV_BLANK_ROWS,
        costCodes: contract ? (await listCostCodeOptions(tx)).map((c) => ({ value: c.id, label: c.label })) : [],
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

async function apply(tx: Tx, projectId: string, input: ContractPageInput): Promise<string> {
  switch (input.intent) {
    case "save-contract":
      await saveContract(tx, projectId, input);
      return input.version === undefined ? "Prime contract created." : "Prime contract saved.";
    case "add-line":
      return `Line ${(await addSovLine(tx, projectId, input)).lineNumber} added.`;
    case "update-line":
      return `Line ${(await updateSovLine(tx, projectId, input)).lineNumber} saved.`;
    case "delete-line":
      await deleteSovLine(tx, projectId, input);
      return "Line deleted.";
    case "save-sov": {
      const saved = await saveSovGrid(tx, projectId, input);
      return `Schedule of values saved: ${saved.added} added, ${saved.changed} changed, ${saved.deleted} deleted.`;
    }
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "contracts:manage");
  const projectId = params.projectId ?? "";
  await requireVisibleProject(member.tenant, projectId);
  const submission = parseForm(form, contractPageSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const anchor = submission.value.intent === "save-contract" ? "" : "#sov";
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => ({ location: `/projects/${projectId}/contract${anchor}`, message: await apply(tx, projectId, submission.value) })),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    if (error instanceof ContractConflict) return invalid(submission, { formErrors: [error.message] }, 409);
    if (error instanceof CellErrors) return invalid(submission, { fieldErrors: error.fieldErrors, formErrors: error.formErrors }, 400);
    if (error instanceof ContractRefused)
      return invalid(submission, error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }, 409);
    throw error;
  }
}

export default function ContractPage() {
  const { project, contract, defaultRetainagePercent, figures, query, page, gridLines, blankRows, costCodes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const canManage = useCan("contracts:manage");
  const resultFor = (...intents: string[]) => (actionData && intents.includes(String(actionData.initialValue?.intent)) ? actionData : undefined);
  const base = `/projects/${project.id}/contract`;
  return (
    <section className="space-y-8">
      <ProjectPageHeader project={project} title="Prime contract" description="The owner contract, its retainage terms and its schedule of values (SOV)." />
      <ContractFigures figures={figures} />
      <div className="max-w-3xl">
        <h2 className="mb-3 text-lg font-semibold">{contract ? "Contract" : "Create the prime contract"}</h2>
        <ContractForm contract={contract} defaultRetainagePercent={defaultRetainagePercent} lastResult={resultFor("save-contract")} canManage={canManage} />
      </div>
      {contract && page ? (
        <div id="sov" className="space-y-4">
          <h2 className="text-lg font-semibold">Schedule of values</h2>
          <DataTable
            definition={sovTable}
            rows={page.rows}
            query={query}
            nextCursor={page.nextCursor}
            hasPrevious={page.hasPrevious}
            paging={page.paging}
            totals={page.totals}
            pathname={base}
            exportHref={tableHref(`${base}/export.xlsx`, query, { after: null })}
            caption="Schedule of values lines"
            emptyMessage={canManage ? "No lines yet. Enter them in the grid below." : "No lines yet."}
          />
          {canManage ? (
            <SovGrid
              key={`${contract.version}-${blankRows}`}
              lines={gridLines}
              blankRows={blankRows}
              version={contract.version}
              costCodes={costCodes}
              lastResult={resultFor("save-sov")}
              moreRowsHref={`${base}?rows=${blankRows + SOV_BLANK_ROWS}#sov-grid`}
            />
          ) : null}
        </div>
      ) : (
        <p className="text-sm text-slate-600">Create the contract to build its schedule of values.</p>
      )}
    </section>
  );
}
