/**
 * The two pages under test and, for each, the service calls its loader makes (kept in step with
 * app/domains/budgets/routes/*.tsx), so SQL time and server time cover the same work.
 */
import { budgetPage } from "~/domains/budgets/budget-page.server";
import { budgetTable } from "~/domains/budgets/budgets.table";
import { budgetFigures } from "~/domains/budgets/figures.server";
import { jobCostReport } from "~/domains/budgets/job-cost.server";
import { requireBudgetProject } from "~/domains/budgets/project-scope.server";
import { parseTableQuery } from "~/utils/data-table";
import type { Tx } from "~/utils/db.server";

export interface FinancePage {
  key: "budget" | "jobCost";
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
    // The owner is an editor: the loader also fetches the forms' choices.
    loaderSql: (tx, id) => budgetPage(tx, id, parseTableQuery(budgetTable, new URLSearchParams()), { editLineId: null, forEditors: true }),
    describe: "budgetPage (first page of 100 figure rows, totals, transfer choices and history, form choices)",
  },
  {
    key: "jobCost",
    label: "Job cost report",
    path: (id) => `/projects/${id}/job-cost`,
    marker: "01-7000",
    loaderSql: async (tx, id) => ({ project: await requireBudgetProject(tx, id), report: await jobCostReport(tx, id) }),
    describe: "requireBudgetProject + jobCostReport (all 2,000 rows, division subtotals, total)",
  },
];

/** The main budget query: every figure row of the project (what budget, job cost and exports build on). */
export const mainBudgetQuery = (tx: Tx, projectId: string) => budgetFigures(tx, projectId);
