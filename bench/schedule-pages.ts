/** The schedule pages of the scale project N-2000 (its 120 milestones): bench/page-catalog.ts lists them. */
import { schedulePage, scheduleChartPage } from "~/domains/schedule/schedule-page.server";
import type { CatalogPage } from "./page-catalog";

export const SCHEDULE_PAGES: CatalogPage[] = [
  {
    key: "schedule",
    label: "Schedule (N-2000)",
    path: (s) => `/projects/${s.projectId}/schedule`,
    marker: () => "Site · Layout",
    list: true,
    loader: (tx, s, url) => schedulePage(tx, s.projectId, url),
    describe: "schedulePage: the organization's date, the first 50 milestones (status, variance, responsible, predecessors, flags) and the status counts",
    pick: /\blimit\b/i,
    mainDescription: "the 50 rows",
  },
  {
    key: "scheduleChart",
    label: "Schedule bar chart (N-2000)",
    path: (s) => `/projects/${s.projectId}/schedule/chart`,
    marker: () => "today-marker",
    list: false,
    loader: (tx, s, url) => scheduleChartPage(tx, s.projectId, url),
    describe: "scheduleChartPage: the organization's date and up to 200 milestones for the server-rendered SVG",
    pick: /\blimit\b/i,
    mainDescription: "the milestone rows",
  },
];
