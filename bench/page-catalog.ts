/**
 * The main pages under test and, for each, the service calls its loader makes (kept in step with
 * app/domains/<domain>/routes/<page>.tsx, reading the same URL), so SQL time and server time cover
 * the same work, and its main query: the statement compared with vs without RLS and across tenants.
 */
import { sql } from "drizzle-orm";
import { auditList } from "~/domains/audit/audit.server";
import { auditTable } from "~/domains/audit/audit.table";
import { dataAccessList } from "~/domains/audit/data-access.server";
import { dataAccessTable } from "~/domains/audit/data-access.table";
import { budgetPage } from "~/domains/budgets/budget-page.server";
import { dashboardData } from "~/domains/dashboards/dashboard.server";
import { budgetTable } from "~/domains/budgets/budgets.table";
import { figuresQuery } from "~/domains/budgets/figures-query.server";
import { jobCostReport } from "~/domains/budgets/job-cost.server";
import { listBudgetChoices } from "~/domains/budgets/budget-lines.server";
import { requireBudgetProject } from "~/domains/budgets/project-scope.server";
import { findContract } from "~/domains/contracts/contracts.server";
import { listCommitmentOpeningLines } from "~/domains/openings/commitment-openings.server";
import { listOpeningCosts } from "~/domains/openings/opening-costs.server";
import { openingsList } from "~/domains/openings/openings-list.server";
import { openingsTable } from "~/domains/openings/openings.table";
import { openingSheet } from "~/domains/receivables/opening-billing.server";
import { apAgingDocuments, apAgingSums } from "~/domains/payables/ap-aging.server";
import { listApInvoices } from "~/domains/payables/ap-invoices-list.server";
import { apInvoicesTable } from "~/domains/payables/ap-invoices.table";
import { loadProjectOverview } from "~/domains/projects/project-overview-page.server";
import { getProject, projectsList } from "~/domains/projects/projects.server";
import { listProjectTeam, teamCandidates } from "~/domains/projects/project-team.server";
import { RESULT_KINDS } from "~/domains/search/search-kinds";
import { searchRecords } from "~/domains/search/search.server";
import { projectsTable } from "~/domains/projects/projects.table";
import { arAgingItems } from "~/domains/receivables/ar-aging.server";
import { loadPayAppPage } from "~/domains/receivables/pay-app-page.server";
import { projectBillingSummary } from "~/domains/receivables/project-billing.server";
import { wipScheduleAsOf } from "~/domains/wip/wip-as-of.server";
import { findWipClose, latestClosedPeriodEnd, listWipCloses } from "~/domains/wip/wip-close-read.server";
import { wipCloseTable } from "~/domains/wip/wip-close.table";
import { journalEntryOf, wipJournalEntry } from "~/domains/wip/wip-journal.server";
import { wipSchedule } from "~/domains/wip/wip.server";
import { listDailyLogs, readDailyLog } from "~/domains/daily-logs/daily-log-read.server";
import { readListFilters } from "~/domains/daily-logs/daily-logs.schema";
import { SCALE_PHOTO_CAPTION } from "./scale-daily-logs";
import { wipTable } from "~/domains/wip/wip.table";
import { vendorCommitments, vendorCompliance, vendorInvoices, vendorPayments, vendorProjectTable, vendorProjectTotals } from "~/domains/vendors/vendor-detail.server";
import { getVendor } from "~/domains/vendors/vendors.server";
import { listInbox, unreadCount } from "~/domains/notifications/inbox.server";
import { listPhotos } from "~/domains/photos/photos.server";
import { getPunchItemDetail, punchFormChoices } from "~/domains/punch/punch-detail.server";
import { listPunchItems } from "~/domains/punch/punch-list.server";
import { punchItemsTable } from "~/domains/punch/punch.table";
import { lookupOptions } from "~/utils/table-lookups.server";
import { scalePunchItemId } from "./scale-punch";
import { listProjectGallery } from "~/domains/photos/photo-gallery.server";
import { galleryFilterSchema } from "~/domains/photos/photos.schema";
import { waitingQueue } from "~/domains/notifications/waiting.server";
import { agingPage, agingPageFromSums, organizationToday, parseAgingQuery, resolveAsOf } from "~/utils/aging-report.server";
import { parseTableQuery } from "~/utils/data-table";
import { queryTable, tableTotals } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { queryRows } from "@db/query-rows";
import { DEMO_USERS } from "@db/seed/demo";
import { INSPECTION_PAGES } from "./inspection-pages";
import { SCHEDULE_PAGES } from "./schedule-pages";

/** The records of one organization the pages open (bench/page-scope.ts finds them). */
export interface PageScope {
  organizationId: string;
  /** The benchmark-scale project N-2000. */
  projectId: string;
  /** Its latest pay application (certified, ≈ 480 continuation lines). */
  payAppId: string;
  /** The keyset cursor of page FAR_PAGE of the vendor invoice list, and the first invoice on it. */
  farCursor: string;
  farFirstInvoice: string;
  /** The latest closed WIP period (bench/page-scope.ts closes last month when there is none). */
  closeId: string;
  closePeriodEnd: string;
  /** The vendor with the most commitments on the scale project (the vendor page). */
  vendorId: string;
  /** The scale project's daily log with the most photos (20: bench/scale-daily-logs.ts). */
  dailyLogId: string;
  /** A demo inspection in progress and its project (bench/inspection-scope.ts). */
  inspectionProjectId: string; inspectionId: string;
}

/** The AP list page compared with page 1 (QUALITY.md: page 1,000 ≤ 2 × page 1, p95). */
export const FAR_PAGE = 1000;

export interface CatalogPage {
  key: string;
  label: string;
  path: (s: PageScope) => string;
  /** Text every response must contain: proves the page rendered its data, not an error page. */
  marker: (s: PageScope) => string;
  /** A 50-row list: QUALITY.md's p95 < 50 ms at 20 users applies (other pages: the owner's 300 ms floor only). */
  list: boolean;
  /** The loader's service calls for the page's URL, as the owner (an editor of everything) sees it. */
  loader: (tx: Tx, s: PageScope, url: URL) => Promise<unknown>;
  describe: string;
  /** The main query's service call (default: the loader); its slowest statement, or the one `pick` matches, is compared. */
  mainQuery?: (tx: Tx, s: PageScope, url: URL) => Promise<unknown>;
  pick?: RegExp;
  mainDescription: string;
  /** The demo member the page is fetched as over HTTP (default: the owner). */
  as?: "pm@demo.test";
}

/** An AP invoice number of the scale dataset (addApInvoiceVolume numbers them B-000001 …). */
const SEARCH_BENCH_QUERY = "B-012345";
/** The home dashboard as a demo member sees it (their sections, their projects). */
const dashboardAs = (tx: Tx, email: string) => {
  const user = DEMO_USERS.find((u) => u.email === email)!;
  return dashboardData(tx, user.id, { name: user.name, role: user.role });
};

/** A list's rows statement (not its totals). */
const ROWS_STATEMENT = /\blimit\b/i;

const apList = (tx: Tx, url: URL) => listApInvoices(tx, parseTableQuery(apInvoicesTable, url));

export const PAGES: CatalogPage[] = [
  {
    key: "projects",
    label: "Projects list",
    path: () => "/projects",
    marker: () => "W-001",
    list: true,
    loader: (tx, _s, url) => queryTable(tx, projectsList, parseTableQuery(projectsTable, url)),
    describe: "queryTable(projectsList): first 50 projects and totals",
    pick: ROWS_STATEMENT,
    mainDescription: "the 50 rows",
  },
  {
    key: "budget",
    label: "Budget (N-2000)",
    path: (s) => `/projects/${s.projectId}/budget`,
    marker: () => "01-7000",
    list: true,
    loader: (tx, s, url) =>
      budgetPage(tx, s.projectId, parseTableQuery(budgetTable, url), { editLineId: null, addForm: false, transferForm: false, allTransfers: false }),
    describe: "budgetPage: first 50 stored figure rows, totals, latest 20 transfers (the add-line form and its choices open on demand)",
    // What the stored rows are recomputed from after every change: the heaviest query behind the page.
    mainQuery: (tx, s) => queryRows(tx, sql`select * from (${figuresQuery(s.projectId)}) f`),
    mainDescription: "the figure computation over 2,000 budget and 20,000 commitment lines",
  },
  {
    key: "jobCost",
    label: "Job cost (N-2000)",
    path: (s) => `/projects/${s.projectId}/job-cost`,
    marker: () => "01 General Requirements",
    list: false,
    loader: async (tx, s) => ({
      project: await requireBudgetProject(tx, s.projectId),
      report: await jobCostReport(tx, s.projectId, "auto"),
      billing: await projectBillingSummary(tx, s.projectId),
    }),
    describe: "requireBudgetProject + jobCostReport as it opens (division subtotals over 2,000 stored rows) + projectBillingSummary",
    mainDescription: "its slowest statement",
  },
  {
    key: "projectOverview",
    label: "Project overview (N-2000)",
    path: (s) => `/projects/${s.projectId}`,
    marker: () => "Key figures",
    list: false,
    loader: async (tx, s) =>
      loadProjectOverview(tx, await getProject(tx, s.projectId), { budgets: true, receivables: true, payables: true, commitments: true, changeOrders: true }),
    describe: "getProject + loadProjectOverview: stored budget totals, billing summary, monthly series, commitments, change orders, paid to vendors, four SVG charts",
    mainDescription: "its slowest statement",
  },
  { key: "projectTeam", label: "Project team (N-2000)", path: (s) => `/projects/${s.projectId}/team`, marker: () => "Add to the team", list: false, loader: async (tx, s) => [await getProject(tx, s.projectId), await listProjectTeam(tx, s.projectId), await teamCandidates(tx, s.projectId)], describe: "getProject + listProjectTeam + teamCandidates (members not on the team)", mainDescription: "its slowest statement" },
  {
    key: "vendor",
    label: "Vendor page",
    path: (s) => `/vendors/${s.vendorId}`,
    marker: () => "Totals by project",
    list: false,
    loader: async (tx, s) => {
      const vendor = await getVendor(tx, s.vendorId);
      return [
        await vendorCompliance(tx, vendor.id),
        vendorProjectTable(vendor.name, await vendorProjectTotals(tx, vendor.id)),
        await vendorCommitments(tx, vendor.id),
        await vendorInvoices(tx, vendor.id),
        await vendorPayments(tx, vendor.id),
      ];
    },
    describe: "getVendor, compliance, totals by project (stored AP totals + commitments), latest 25 commitments, invoices and payments",
    mainDescription: "its slowest statement",
  },
  {
    key: "openingCosts",
    label: "Opening costs (N-2000)",
    path: (s) => `/projects/${s.projectId}/opening-costs`,
    marker: () => "Opening cost to date",
    list: false,
    loader: async (tx, s, url) => {
      const project = await requireBudgetProject(tx, s.projectId);
      const list = openingsList(project.id, parseTableQuery(openingsTable, url));
      return [
        await queryTable(tx, list.table, list.query),
        await tableTotals(tx, list.table, list.query),
        await listOpeningCosts(tx, s.projectId),
        await listBudgetChoices(tx),
        await listCommitmentOpeningLines(tx, s.projectId),
      ];
    },
    describe: "openingsList page and totals, the opening cost grid, the cost code choices and the commitment opening grid",
    mainDescription: "its slowest statement",
  },
  {
    key: "openingBilling",
    label: "Opening position (N-2000)",
    path: (s) => `/projects/${s.projectId}/opening-billing`,
    marker: () => "Opening position",
    list: false,
    loader: async (tx, s) => [await findContract(tx, s.projectId), await openingSheet(tx, s.projectId)],
    describe: "findContract + openingSheet: the SOV lines with the opening figures and whether an application follows",
    mainDescription: "its slowest statement",
  },
  {
    key: "apFirst",
    label: "AP list, page 1",
    path: () => "/payables",
    marker: () => "B-0",
    list: true,
    loader: (tx, _s, url) => apList(tx, url),
    describe: "listApInvoices: 50 invoices (keyset) and the totals of all",
    // Page 1,000's main statement is the keyset page; here, the totals every page view recomputes.
    mainDescription: "its slowest statement: the totals over every invoice and payment",
  },
  {
    key: "apFar",
    label: `AP list, page ${FAR_PAGE.toLocaleString("en-US")}`,
    path: (s) => `/payables?after=${s.farCursor}`,
    marker: (s) => s.farFirstInvoice,
    list: true,
    loader: (tx, _s, url) => apList(tx, url),
    describe: `listApInvoices after the cursor of page ${FAR_PAGE}`,
    pick: ROWS_STATEMENT,
    mainDescription: "the 50 rows after the cursor",
  },
  {
    key: "payApp",
    label: "Pay application #10 (N-2000)",
    path: (s) => `/pay-apps/${s.payAppId}`,
    marker: () => "Northgate Tower",
    list: false,
    loader: (tx, s) => loadPayAppPage(tx, s.payAppId),
    describe: "loadPayAppPage: the application, project, ≈ 480 continuation lines, payments, release check",
    mainDescription: "its slowest statement",
  },
  {
    key: "wip",
    label: "WIP",
    path: () => "/wip",
    marker: () => "W-001",
    list: false,
    loader: (tx, _s, url) => wipSchedule(tx, parseTableQuery(wipTable, url).sort),
    describe: "wipSchedule: stale-figure check and the inputs of every active project",
    mainDescription: "its slowest statement",
  },
  {
    key: "wipJournal",
    label: "WIP journal entry",
    path: () => "/wip/journal",
    // An account of every line pair (the page's prose writes it in lower case): lines were rendered.
    marker: () => "Contract revenue",
    list: false,
    loader: (tx) => wipJournalEntry(tx),
    describe: "wipJournalEntry: the WIP schedule as the WIP page reads it, and the organization's date",
    mainDescription: "its slowest statement",
  },
  {
    key: "wipAsOf",
    label: "WIP as of the last close",
    path: (s) => `/wip?asOf=${s.closePeriodEnd}`,
    marker: () => "W-001",
    list: false,
    loader: (tx, s, url) => wipScheduleAsOf(tx, s.closePeriodEnd, parseTableQuery(wipTable, url).sort),
    describe: "wipScheduleAsOf: the WIP inputs of every project from the documents dated by the period end (one statement)",
    mainDescription: "its slowest statement",
  },
  {
    key: "dailyLogs",
    label: "Daily logs (N-2000)",
    path: (s) => `/projects/${s.projectId}/daily-logs`,
    marker: () => "crew hours",
    list: true,
    loader: async (tx, s, url) => [await listDailyLogs(tx, s.projectId, readListFilters(url)), await organizationToday(tx)],
    describe: "listDailyLogs: the latest 40 of a year of logs with crew and delay totals (lateral sums), the organization's date",
    mainDescription: "its slowest statement",
  },
  {
    key: "dailyLog",
    label: "Daily log with 20 photos",
    path: (s) => `/projects/${s.projectId}/daily-logs/${s.dailyLogId}`,
    marker: () => `${SCALE_PHOTO_CAPTION} 20`,
    list: false,
    loader: async (tx, s) => {
      const entry = await readDailyLog(tx, s.dailyLogId, s.projectId);
      return [entry, await listPhotos(tx, { kind: "daily_log", id: s.dailyLogId })];
    },
    describe: "readDailyLog (the log, every section, addenda, names) + listPhotos (its 20 photos)",
    mainDescription: "its slowest statement",
  },
  {
    key: "wipCloses",
    label: "WIP closes",
    path: () => "/wip/closes",
    marker: (s) => s.closePeriodEnd,
    list: false,
    loader: async (tx) => [await listWipCloses(tx), await organizationToday(tx), await latestClosedPeriodEnd(tx)],
    describe: "listWipCloses (every close with its period totals), the organization's date, the latest closed period",
    mainDescription: "its slowest statement",
  },
  {
    key: "wipClose",
    label: "Closed WIP schedule",
    path: (s) => `/wip/closes/${s.closeId}`,
    marker: () => "W-001",
    list: false,
    loader: async (tx, s, url) => {
      const close = await findWipClose(tx, s.closeId, parseTableQuery(wipCloseTable, url).sort);
      return journalEntryOf(close.rows, close.periodEnd, close.excluded);
    },
    describe: "findWipClose: the close and its frozen rows; the journal entry computed from them",
    mainDescription: "its slowest statement",
  },
  ...SCHEDULE_PAGES,
  {
    key: "apAging",
    label: "AP aging",
    path: () => "/payables/aging",
    marker: () => "Cascade Concrete",
    list: false,
    loader: async (tx, _s, url) => {
      const query = parseAgingQuery(url);
      const asOf = await resolveAsOf(tx, query);
      return query.party === null ? agingPageFromSums(await apAgingSums(tx, asOf), asOf) : agingPage(await apAgingDocuments(tx, { partyId: query.party }), asOf, query.party);
    },
    describe: "resolveAsOf + apAgingSums (open amounts per vendor × bucket over the stored open items, one statement)",
    mainDescription: "its slowest statement",
  },
  {
    key: "arAging",
    label: "AR aging",
    path: () => "/receivables/aging",
    marker: () => "Northgate Development LLC",
    list: false,
    loader: async (tx, _s, url) => {
      const query = parseAgingQuery(url);
      return agingPage(await arAgingItems(tx), await resolveAsOf(tx, query), query.party);
    },
    describe: "arAgingItems + resolveAsOf",
    mainDescription: "its slowest statement",
  },
  {
    // Global search (ADR 0015): an invoice number among 50,000 "B-" invoices — its trigrams are
    // shared by most of them, so this is the index's heavy case, not a lucky one.
    key: "search",
    label: "Search (an invoice number)",
    path: () => `/search?q=${SEARCH_BENCH_QUERY}`,
    marker: () => SEARCH_BENCH_QUERY,
    list: false,
    loader: (tx, s) => searchRecords(tx, s.organizationId, SEARCH_BENCH_QUERY, [...RESULT_KINDS]),
    describe: "searchRecords: candidates from search_terms (all kinds), their documents scored, the people",
    pick: /from search_terms s/,
    mainDescription: "the candidate statement over search_terms",
  },
  {
    key: "homeOwner",
    label: "Home dashboard (owner: finance and company)",
    path: () => "/",
    marker: () => "AR outstanding",
    list: false,
    loader: (tx) => dashboardAs(tx, "owner@demo.test"),
    describe: "dashboardData: WIP schedule (stored figures), both agings, payables windows and queues, the last 12 closes",
    mainDescription: "its slowest statement",
  },
  {
    key: "homePm",
    label: "Home dashboard (project manager)",
    path: () => "/",
    marker: () => "Approvals waiting for me",
    list: false,
    as: "pm@demo.test",
    loader: (tx) => dashboardAs(tx, "pm@demo.test"),
    describe: "dashboardData: my projects' stored budget figures, change orders, commitments and pay applications (one statement), my approvals and submissions",
    mainDescription: "its slowest statement",
  },
  {
    key: "audit",
    label: "Audit log",
    path: () => "/audit",
    marker: () => "finance@demo.test",
    list: true,
    loader: (tx, _s, url) => queryTable(tx, auditList, parseTableQuery(auditTable, url)),
    describe: "queryTable(auditList): latest 50 events and totals",
    pick: ROWS_STATEMENT,
    mainDescription: "the 50 rows",
  },
  {
    key: "data-access",
    label: "Data access log",
    path: () => "/audit/access",
    marker: () => "Data access events",
    list: true,
    loader: (tx, _s, url) => queryTable(tx, dataAccessList, parseTableQuery(dataAccessTable, url)),
    describe: "queryTable(dataAccessList): latest 50 reads and totals",
    pick: ROWS_STATEMENT,
    mainDescription: "the 50 rows",
  },
  {
    key: "photos",
    label: "Project photo gallery (N-2000)",
    path: (s) => `/projects/${s.projectId}/photos`,
    marker: () => "Older photos",
    list: true,
    loader: async (tx, s, url) => [await getProject(tx, s.projectId), await listProjectGallery(tx, s.projectId, galleryFilterSchema.parse(Object.fromEntries(url.searchParams)))],
    describe: "getProject + listProjectGallery: the newest 48 of 2,000 photos (keyset)",
    pick: ROWS_STATEMENT,
    mainDescription: "the 48 photos",
  },
  {
    key: "punchList",
    label: "Punch list (N-2000)",
    path: (s) => `/projects/${s.projectId}/punch`,
    marker: () => "P-2000",
    list: true,
    loader: async (tx, s, url) => [
      await getProject(tx, s.projectId),
      await listPunchItems(tx, s.projectId, parseTableQuery(punchItemsTable, url)),
      await lookupOptions(tx, punchItemsTable, "owner"),
      await punchFormChoices(tx),
    ],
    describe: "getProject + listPunchItems (newest 50 of 2,000 items, keyset) + vendor filter choices + bulk-assign choices",
    pick: ROWS_STATEMENT,
    mainDescription: "the 50 rows",
  },
  {
    key: "punchItem",
    label: "Punch item (N-2000)",
    path: (s) => `/projects/${s.projectId}/punch/${scalePunchItemId(s.organizationId, 1)}`,
    marker: () => "P-001",
    list: false,
    loader: async (tx, s) => {
      const subject = { kind: "punch_item", id: scalePunchItemId(s.organizationId, 1) } as const;
      return [
        await getProject(tx, s.projectId),
        await getPunchItemDetail(tx, s.projectId, subject.id),
        await punchFormChoices(tx),
        await listPhotos(tx, subject, { projectId: s.projectId, stage: "before" }),
        await listPhotos(tx, subject, { projectId: s.projectId, stage: "after" }),
      ];
    },
    describe: "getProject + getPunchItemDetail (item, names, history) + edit-form choices + before/after photos",
    mainDescription: "the item with its names",
  },
  {
    key: "notifications",
    label: "Notifications inbox",
    path: () => "/notifications",
    marker: () => " unread · ",
    list: true,
    loader: async (tx) => {
      const userId = await benchOwner(tx);
      return [await listInbox(tx, userId), await unreadCount(tx, userId)];
    },
    describe: "listInbox (newest 50 of the member) + unreadCount",
    pick: ROWS_STATEMENT,
    mainDescription: "the 50 rows",
  },
  {
    key: "waiting",
    label: "Waiting on me",
    path: () => "/waiting",
    marker: () => "What needs your decision now",
    list: false,
    loader: async (tx) => waitingQueue(tx, { userId: await benchOwner(tx), role: "owner" }, 50),
    describe: "waitingQueue: each provider's count and first 50 items",
    mainDescription: "its slowest statement",
  },
  ...INSPECTION_PAGES,
];

/** The organization's first owner: the member the notification pages are measured for. */
async function benchOwner(tx: Tx) {
  const [owner] = await queryRows<{ userId: string }>(tx, sql`select user_id as "userId" from memberships where role = 'owner' order by created_at limit 1`);
  return owner.userId;
}

/** The page's URL as its loader sees it (the origin does not matter to any loader). */
export const pageUrl = (page: CatalogPage, s: PageScope) => new URL(page.path(s), "http://bench.invalid");
