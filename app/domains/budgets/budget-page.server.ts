import type { TableQuery } from "~/utils/data-table";
import { queryTable } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { getBudgetLine, listBudgetChoices } from "./budget-lines.server";
import type { EditedLine } from "./budget-forms";
import { figureHrefs } from "./drill-down";
import { budgetList } from "./budget-list.server";
import { requireBudgetProject } from "./project-scope.server";
import { budgetLineLabel, countTransfers, listTransferChoices, listTransfers } from "./transfers.server";

export type BudgetPageOptions = {
  editLineId: string | null;
  /** The add-line form is opened on demand: its cost code list holds every active cost code (thousands). */
  addForm: boolean;
  /** The transfer form is opened on demand: its two line lists hold every budget line. */
  transferForm: boolean;
  /** Every transfer, or only the latest RECENT_TRANSFERS. */
  allTransfers: boolean;
};

export const RECENT_TRANSFERS = 20;

/**
 * Everything the budget page shows: one page of figures with drill-down links, the totals, the
 * transfer history, and for editors the line being edited and, when opened, the add-line and
 * transfer forms' choices.
 */
export async function budgetPage(tx: Tx, projectId: string, query: TableQuery, options: BudgetPageOptions) {
  const project = await requireBudgetProject(tx, projectId);
  const list = await budgetList(tx, projectId, query);
  const page = await queryTable(tx, list.table, list.query);
  const rows = page.rows.map((row) => {
    const links = figureHrefs(projectId, { costCodeId: String(row.costCodeId), costCode: String(row.costCode), costType: String(row.costType) });
    return {
      ...row,
      editHref: row.lineId ? `/projects/${projectId}/budget?line=${row.lineId}#line-editor` : null,
      approvedChangesHref: links.approvedChanges ?? null,
      pendingChangesHref: links.pendingChanges ?? null,
      committedHref: links.committed ?? null,
      openingCostHref: links.openingCost ?? null,
      pendingCostChangesHref: links.pendingCostChanges ?? null,
    };
  });
  const [lines, transfers, transferCount, choices] = await Promise.all([
    options.transferForm ? listTransferChoices(tx, projectId) : null,
    listTransfers(tx, projectId, options.allTransfers ? null : RECENT_TRANSFERS),
    countTransfers(tx, projectId),
    options.addForm ? listBudgetChoices(tx) : null,
  ]);
  const editing = await editedLine(tx, projectId, options.editLineId);
  return { project, page: { ...page, rows }, lines, transfers, transferCount, choices, editing };
}

async function editedLine(tx: Tx, projectId: string, lineId: string | null): Promise<EditedLine | null> {
  if (!lineId) return null;
  try {
    const line = await getBudgetLine(tx, projectId, lineId);
    return {
      id: line.id,
      label: await budgetLineLabel(tx, line.id),
      description: line.description,
      originalAmount: line.originalAmount,
      ftcMode: line.ftcMode,
      ftcManual: line.ftcManual,
      version: line.version,
    };
  } catch (error) {
    if (error instanceof RecordNotFound) return null; // a stale ?line= link: show the page without the editor
    throw error;
  }
}
