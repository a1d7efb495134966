import { defineTable } from "~/utils/data-table";
import { APPROVAL_DOCUMENT_LABELS } from "./approvals.schema";

/** The signed-in user's approval queue: requests whose current step they may decide. */
export const approvalQueueTable = defineTable({
  id: "approval-queue",
  columns: [
    { key: "submittedAt", label: "Submitted", type: "datetime", sortable: true, filter: { kind: "dateRange" } },
    {
      key: "documentType",
      label: "Type",
      type: "status",
      sortable: true,
      filter: { kind: "select", options: Object.entries(APPROVAL_DOCUMENT_LABELS).map(([value, label]) => ({ value, label })) },
    },
    { key: "document", label: "Document", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "documentHref" },
    { key: "project", label: "Project", type: "text", sortable: true, filter: { kind: "lookup", source: "projects" } },
    { key: "amount", label: "Amount", type: "money", sortable: true, total: true },
    { key: "step", label: "Your step", type: "text", linkKey: "reviewHref" },
    { key: "submittedBy", label: "Submitted by", type: "text", sortable: true, filter: { kind: "text" } },
  ],
  defaultSort: { key: "submittedAt", dir: "asc" },
  pageSizes: [25, 50, 100],
  defaultPageSize: 50,
});
