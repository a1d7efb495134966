import { loadInspectionPage } from "~/domains/inspections/inspection-page.server";
import { listInspections } from "~/domains/inspections/inspections-list.server";
import { inspectionsTable } from "~/domains/inspections/inspections.table";
import { parseTableQuery } from "~/utils/data-table";
import type { CatalogPage } from "./page-catalog";

/** The inspection pages under benchmark: the run page (its whole checklist form) and the project's list. */
export const INSPECTION_PAGES: CatalogPage[] = [
  {
    key: "inspection",
    label: "Inspection run page",
    path: (s) => `/projects/${s.inspectionProjectId}/inspections/${s.inspectionId}`,
    marker: () => "Sign off",
    list: false,
    loader: (tx, s) => loadInspectionPage(tx, s.inspectionProjectId, s.inspectionId),
    describe: "loadInspectionPage: the inspection, its checklist version with answers and raised items, its NCRs",
    mainDescription: "its slowest statement",
  },
  {
    key: "inspections",
    label: "Inspections list",
    path: (s) => `/projects/${s.inspectionProjectId}/inspections`,
    marker: () => "I-001",
    list: true,
    loader: (tx, s, url) => listInspections(tx, s.inspectionProjectId, parseTableQuery(inspectionsTable, url)),
    describe: "listInspections: the project's first 50 inspections with answer counts",
    pick: /\blimit\b/i,
    mainDescription: "the rows",
  },
];
