import type { SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import type { z } from "zod";
import { DataTable } from "~/components/data-table/data-table";
import { ProjectPageHeader } from "~/components/project-page-header";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { recordDataAccess, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { queryTable, tableTotals } from "~/utils/data-table.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can, type PermissionKey } from "~/utils/permissions";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { useCan } from "~/utils/use-viewer";
import { listBudgetChoices } from "../../budgets/budget-lines.server";
import { requireBudgetProject } from "../../budgets/project-scope.server";
import { CommitmentOpeningsGrid } from "../commitment-openings-grid";
import { listCommitmentOpeningLines, replaceCommitmentOpenings } from "../commitment-openings.server";
import { OpeningCostGrid } from "../opening-cost-grid";
import { listOpeningCosts, replaceOpeningCosts } from "../opening-costs.server";
import { OpeningRefused } from "../opening-refused";
import { commitmentOpeningsSchema, openingCostsSchema } from "../openings.schema";
import { openingsList } from "../openings-list.server";
import { openingsTable } from "../openings.table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Opening costs ${data?.project.jobNumber ?? ""} · SECG ERP` }];

const DEFAULT_BLANK_ROWS = 5;
const blankRowsOf = (url: URL) => Math.min(200, Math.max(DEFAULT_BLANK_ROWS, Number.parseInt(url.searchParams.get("rows") ?? "", 10) || 0));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "budgets:read");
  const url = new URL(request.url);
  const projectId = params.projectId ?? "";
  const query = parseTableQuery(openingsTable, url);
  const [editsCosts, editsCommitments] = [can(member.active.role, "budgets:edit"), can(member.active.role, "commitments:execute")];
  try {
    const data = await withTenant(member.tenant, async (tx) => {
      const project = await requireBudgetProject(tx, projectId);
      const list = openingsList(project.id, query);
      const [page, totals] = [await queryTable(tx, list.table, list.query), await tableTotals(tx, list.table, list.query)];
      await recordDataAccess(tx, { view: "opening_costs", format: "page", filters: tableFilters(query, { projectId }), rowCount: page.rows.length });
      return {
        project,
        page,
        totals,
        openingCosts: editsCosts ? await listOpeningCosts(tx, projectId) : null,
        choices: editsCosts ? await listBudgetChoices(tx) : null,
        commitmentLines: editsCommitments ? await listCommitmentOpeningLines(tx, projectId) : null,
      };
    });
    return { ...data, query, blankRows: blankRowsOf(url) };
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

const intents = {
  "save-opening-costs": { key: "budgets:edit", schema: openingCostsSchema, done: "Opening costs saved." },
  "save-commitment-openings": { key: "commitments:execute", schema: commitmentOpeningsSchema, done: "Commitment openings saved." },
} satisfies Record<string, { key: PermissionKey; schema: z.ZodType; done: string }>;

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (!(intent in intents)) throw new Response("Unknown action.", { status: 400 });
  const { key, schema, done } = intents[intent as keyof typeof intents];
  const member = await requireMember(request, key);
  const projectId = params.projectId ?? "";
  // Another organization's (or no) project is a 404, whatever the form holds.
  await withTenant(member.tenant, (tx) => requireBudgetProject(tx, projectId)).catch((error) => {
    throw error instanceof RecordNotFound ? notFoundResponse(error) : error;
  });
  const submission = parseForm(form, schema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const value = submission.value;
        if (value.intent === "save-opening-costs") await replaceOpeningCosts(tx, projectId, value);
        else await replaceCommitmentOpenings(tx, projectId, value);
        return { location: `/projects/${projectId}/opening-costs`, message: done };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof OpeningRefused)
      return invalid(submission, error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }, 409);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function OpeningCosts() {
  const { project, page, totals, query, openingCosts, choices, commitmentLines, blankRows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const resultFor = (intent: string) => (actionData?.initialValue?.intent === intent ? actionData : undefined);
  const [canEditCosts, canEditCommitments] = [useCan("budgets:edit"), useCan("commitments:execute")];
  const base = `/projects/${project.id}`;
  return (
    <section className="space-y-8">
      <ProjectPageHeader
        project={project}
        title="Opening costs"
        description="Cost incurred before this job was run in the app: actual cost in the budget, job cost and WIP, never a payable (no AP aging, no approvals)."
      />
      <p className="text-sm">
        <a href={`${base}/budget`} className="text-brand-700 hover:underline">Budget</a>
        {" · "}
        <a href={`${base}/job-cost`} className="text-brand-700 hover:underline">Job cost report</a>
      </p>
      <DataTable
        definition={openingsTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        totals={totals}
        pathname={`${base}/opening-costs`}
        exportHref={tableHref(`${base}/opening-costs/export.xlsx`, query, { after: null })}
        caption="Opening entries counted in actual cost"
        emptyMessage="No opening entries match these filters."
      />
      {canEditCosts && openingCosts && choices ? (
        <div id="opening-cost-grid" className="space-y-3">
          <h2 className="text-lg font-semibold">Opening cost to date (not under a commitment)</h2>
          <p className="text-sm text-slate-600">
            One amount per cost code and cost type. Cost billed on a commitment goes in the commitment openings below, not here, so it is not counted twice.
          </p>
          <OpeningCostGrid
            lines={openingCosts}
            blankRows={blankRows}
            moreHref={`${base}/opening-costs?rows=${blankRows + 10}#opening-cost-grid`}
            costCodes={choices.costCodes}
            costTypes={choices.costTypes}
            lastResult={resultFor("save-opening-costs")}
          />
        </div>
      ) : null}
      {canEditCommitments && commitmentLines ? (
        <div id="commitment-openings" className="space-y-3">
          <h2 className="text-lg font-semibold">Commitment openings</h2>
          <p className="text-sm text-slate-600">What each subcontractor or supplier billed, and the retainage held, before the app: the next vendor invoice counts it as billed before.</p>
          <CommitmentOpeningsGrid lines={commitmentLines} lastResult={resultFor("save-commitment-openings")} />
        </div>
      ) : null}
    </section>
  );
}
