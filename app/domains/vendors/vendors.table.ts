import { defineTable } from "~/utils/data-table";
import { LIEN_WAIVER_OPTIONS } from "./vendors.schema";

/** The vendor list: one definition for the SQL, the page and the Excel export. */
export const vendorsTable = defineTable({
  id: "vendors",
  columns: [
    { key: "name", label: "Vendor", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    { key: "contactName", label: "Contact", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "email", label: "Email", type: "text", sortable: true, filter: { kind: "text" } },
    { key: "phone", label: "Phone", type: "text" },
    { key: "taxId", label: "Tax id", type: "text", sortable: true },
    { key: "insuranceExpiresOn", label: "Insurance expires", type: "date", sortable: true },
    { key: "lienWaiver", label: "Lien waiver", type: "status", sortable: true, filter: { kind: "select", options: LIEN_WAIVER_OPTIONS } },
    { key: "createdAt", label: "Added", type: "datetime", sortable: true, filter: { kind: "dateRange" } },
  ],
  defaultSort: { key: "name", dir: "asc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 50,
});
