import { defineTable } from "~/utils/data-table";

export const OPENING_KIND_OPTIONS = [
  { value: "project", label: "Opening" },
  { value: "commitment", label: "Opening (commitment)" },
] as const;

/**
 * Every opening entry of a project that counts in its "Opening cost" figure: the project's opening
 * cost lines and the opening billed of its executed or closed commitments' lines. The budget's
 * opening cost figure links here: `f.costCode` is a cost code id, or a code or division prefix
 * ("03"); `f.costType` a cost type name (exact).
 */
export const openingsTable = defineTable({
  id: "openings",
  columns: [
    { key: "kind", label: "Kind", type: "status", sortable: true, filter: { kind: "select", options: [...OPENING_KIND_OPTIONS] } },
    { key: "source", label: "Commitment line", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "costCode", label: "Cost code", type: "text", sortable: true, filter: { kind: "text" }, nowrap: true },
    { key: "costType", label: "Cost type", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "asOf", label: "As of", type: "date", sortable: true },
    { key: "amount", label: "Opening cost", type: "money", sortable: true, total: true },
    { key: "retainageHeld", label: "Retainage held", type: "money", sortable: true, total: true },
    { key: "note", label: "Note", type: "text", filter: { kind: "text" } },
  ],
  defaultSort: { key: "costCode", dir: "asc" },
  pageSizes: [50, 100, 200],
  defaultPageSize: 100,
});
