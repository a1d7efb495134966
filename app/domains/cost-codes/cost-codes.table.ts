import { defineTable } from "~/utils/data-table";

/** The cost code catalog: divisions and their codes, one definition for SQL, page and export. Level and status are shown, filtered and exported by their labels. */
export const costCodesTable = defineTable({
  id: "cost-codes",
  columns: [
    { key: "division", label: "Division", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "code", label: "Code", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "editHref", nowrap: true },
    { key: "name", label: "Name", type: "text", sortable: true, filter: { kind: "text" } },
    {
      key: "level",
      label: "Level",
      type: "status",
      sortable: true,
      filter: {
        kind: "select",
        options: [
          { value: "Division", label: "Division" },
          { value: "Cost code", label: "Cost code" },
        ],
      },
    },
    {
      key: "status",
      label: "Status",
      type: "status",
      sortable: true,
      filter: {
        kind: "select",
        options: [
          { value: "Active", label: "Active" },
          { value: "Inactive", label: "Inactive" },
        ],
      },
    },
  ],
  defaultSort: { key: "code", dir: "asc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 100,
});
