import { defineTable } from "~/utils/data-table";

/** The schedule of values of a prime contract: drives the SQL, the HTML table and the export. */
export const sovTable = defineTable({
  id: "sov-lines",
  columns: [
    { key: "lineNumber", label: "Line", type: "number", sortable: true, linkKey: "editHref" },
    { key: "description", label: "Description", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "costCode", label: "Cost code", type: "text", sortable: true, filter: { kind: "text" }, nowrap: true },
    {
      key: "source",
      label: "Source",
      type: "status",
      sortable: true,
      filter: {
        kind: "select",
        options: [
          { value: "original", label: "Original" },
          { value: "change order", label: "Change order" },
        ],
      },
    },
    { key: "scheduledValue", label: "Scheduled value", type: "money", sortable: true, total: true },
    { key: "retainage", label: "Retainage", type: "text", sortable: true },
  ],
  defaultSort: { key: "lineNumber", dir: "asc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 100,
});
