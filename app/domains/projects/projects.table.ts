import { defineTable } from "~/utils/data-table";
import { CONTRACT_TYPE_LABELS, PROJECT_STATUS_LABELS } from "./projects.schema";

// Status and contract type are listed, filtered and exported by their labels ("On hold", "T&M").
const labelOptions = (labels: Record<string, string>) => Object.values(labels).map((label) => ({ value: label, label }));

/** The project list: one definition for the SQL, the page and the Excel export. */
export const projectsTable = defineTable({
  id: "projects",
  columns: [
    { key: "jobNumber", label: "Job #", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    { key: "name", label: "Project", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    { key: "client", label: "Client", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "status", label: "Status", type: "status", sortable: true, filter: { kind: "select", options: labelOptions(PROJECT_STATUS_LABELS) } },
    {
      key: "contractType",
      label: "Contract type",
      type: "text",
      sortable: true,
      filter: { kind: "select", options: labelOptions(CONTRACT_TYPE_LABELS) },
    },
    { key: "startDate", label: "Start", type: "date", sortable: true, filter: { kind: "dateRange" } },
    { key: "endDate", label: "End", type: "date", sortable: true },
    { key: "projectManager", label: "Project manager", type: "text", sortable: true, filter: { kind: "text" } },
  ],
  defaultSort: { key: "jobNumber", dir: "asc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 50,
});
