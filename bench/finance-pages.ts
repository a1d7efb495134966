/**
 * The two pages under test and, for each, the service calls its loader makes (kept in step with
 * app/domains/budgets/routes/*.tsx), so SQL time and server time cover the same work.
 */
import { sql } from "drizzle-orm";
import { budgetPage } from "~/domains/budgets/budget-page.server";
import { budgetTable } from "~/domains/budgets/budgets.table";
import { figuresQuery } from "~/domains/budgets/figures-query.server";
import { jobCostReport } from "~/domains/budgets/job-cost.server";
import { requireBudgetProject } from "~/domains/budgets/project-scope.server";
import { parseTableQuery } from "~/utils/data-table";
import type { Tx } from "~/utils/db.server";

export interface FinancePage {
  key: "budget" | "jobCost" | "jobCostAll";
  label: string;
  path: (projectId: string) => string;
  /** Present only when the page rendered the scale project's figures (its first cost code). */
  marker: string;
  loaderSql: (tx: Tx, projectId: string) => Promise<unknown>;
  describe: string;
}

export const FINANCE_PAGES: FinancePage[] = [
  {
    key: "budget",
    label: "Budget page",
    path: (id) => `/projects/${id}/budget`,
    marker: "01-7000",
    // The owner is an editor: the loader also fetches the add-line form's choices.
    loaderSql: (tx, id) =>
      budgetPage(tx, id, parseTableQuery(budgetTable, new URLSearchParams()), { editLineId: null, forEditors: true, transferForm: false, allTransfers: false }),
    describe: "budgetPage (first page of 50 stored figure rows, totals, latest 20 transfers, add-line choices)",
  },
  {
    key: "jobCost",
    label: "Job cost report",
    path: (id) => `/projects/${id}/job-cost`,
    marker: "01 General Requirements",
    loaderSql: async (tx, id) => ({ project: await requireBudgetProject(tx, id), report: await jobCostReport(tx, id, "auto") }),
    describe: "requireBudgetProject + jobCostReport as it opens at this size (division subtotals and total over the 2,000 stored rows)",
  },
  {
    key: "jobCostAll",
    label: "Job cost, all lines",
    path: (id) => `/projects/${id}/job-cost?expand=all`,
    marker: "01-7000",
    loaderSql: async (tx, id) => ({ project: await requireBudgetProject(tx, id), report: await jobCostReport(tx, id, "all") }),
    describe: "requireBudgetProject + jobCostReport with every division expanded (2,000 rows, subtotals, total)",
  },
];

/**
 * The main budget query: computing every figure row of the project from the source tables (what
 * the stored rows are refreshed from after a change), for the RLS and second-tenant comparisons.
 */
export const mainBudgetQuery = (tx: Tx, projectId: string) => tx.execute(sql`select * from (${figuresQuery(projectId)}) f`);
