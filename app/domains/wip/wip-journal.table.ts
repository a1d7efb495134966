import { defineTable } from "~/utils/data-table";

/**
 * The WIP journal entry's lines: the page and the Excel export. Two lines per over- or under-billed
 * project, in the schedule's order (job number), so there is no sorting or paging.
 */
export const wipJournalTable = defineTable({
  id: "wip-journal",
  columns: [
    { key: "project", label: "Project", type: "text", linkKey: "href" },
    { key: "account", label: "Account", type: "text" },
    { key: "debit", label: "Debit", type: "money", total: true },
    { key: "credit", label: "Credit", type: "money", total: true },
  ],
  defaultSort: { key: "project", dir: "asc" },
  pageSizes: [1000],
  defaultPageSize: 1000,
});
