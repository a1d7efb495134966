import Decimal from "decimal.js";
import ExcelJS from "exceljs";
import { COST_TYPE_TEMPLATE, DIVISION_TEMPLATE } from "~/domains/cost-codes/template.server";
import { dec, formatAmount, rateToPercent, roundMoney } from "~/utils/money";
import { parseCell } from "./cell-parsers";
import { LEAD_SOURCES, LEAD_STAGES, MASTERFILE_SHEETS, masterfileSheet, type MasterfileColumn, type ParsedCell, type SheetKey } from "./masterfile-spec";
import { exampleCell } from "./masterfile-template.server";

/**
 * Writes a realistic masterfile of any size (tests, benchmarks, demos) through exceljs's streaming
 * writer, sheet after sheet, so a million rows stay in bounded memory. Deterministic per seed: only
 * the small lists other rows refer to (projects, cost codes, vendors, commitments) are kept; budget
 * and commitment lines are produced as they are written. Values are in the parsed form the importer
 * stores and are written as a user would type them (template's exampleCell), with some cells in the
 * other accepted forms ("$1,234.50", ISO date text, "10%"). `errors` swaps in exactly that many
 * invalid rows, each with one problem; the rest of the file is the same as without errors.
 */

export type MasterfileOptions = { path: string; rows: number; seed?: number; jobPrefix?: string; errors?: number };
export type MasterfileSummary = { path: string; sheets: Record<SheetKey, number>; totalRows: number; errorRows: number };

type Row = Record<string, ParsedCell | null>;
type Cells = ExcelJS.CellValue[];

// ---------------------------------------------------------------------------------------------
// Seeded randomness: one independent stream per purpose, so injected errors do not shift the rest.

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  private readonly next: () => number;
  constructor(seed: number, stream: string) {
    let hash = 0x811c9dc5; // FNV-1a of the stream name, mixed with the seed
    for (const ch of stream) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193);
    this.next = mulberry32(hash ^ Math.imul(seed >>> 0, 0x9e3779b1));
  }
  /** An integer from min to max, both included. */
  int = (min: number, max: number) => min + Math.floor(this.next() * (max - min + 1));
  chance = (p: number) => this.next() < p;
  pick = <T>(items: readonly T[]): T => items[Math.floor(this.next() * items.length)];
}

// ---------------------------------------------------------------------------------------------
// Realistic vocabulary. Cost code names are plain work items, not CSI section titles (licensed).

const WORK_ITEMS: Record<string, readonly string[]> = {
  "01": ["Project management", "Site supervision", "Temporary facilities", "Temporary utilities", "Cleaning and waste removal", "Safety program", "Permits and fees"],
  "02": ["Site survey", "Selective demolition", "Building demolition", "Hazardous material abatement", "Underground storage tank removal"],
  "03": ["Concrete formwork", "Concrete reinforcing", "Cast-in-place concrete", "Precast concrete", "Concrete finishing", "Grouting"],
  "04": ["Unit masonry", "Stone veneer", "Masonry restoration", "Glass unit masonry"],
  "05": ["Structural steel", "Steel joists", "Metal decking", "Cold-formed framing", "Miscellaneous metals", "Stairs and railings"],
  "06": ["Rough carpentry", "Finish carpentry", "Architectural woodwork", "Sheathing", "Plastic fabrications"],
  "07": ["Waterproofing", "Building insulation", "Air barriers", "Roofing", "Flashing and sheet metal", "Joint sealants", "Firestopping"],
  "08": ["Hollow metal doors and frames", "Wood doors", "Overhead doors", "Storefronts", "Curtain wall", "Windows", "Door hardware", "Glazing"],
  "09": ["Gypsum board", "Ceramic tile", "Acoustical ceilings", "Resilient flooring", "Carpet", "Painting", "Wall coverings"],
  "10": ["Toilet partitions", "Toilet accessories", "Signage", "Fire extinguisher cabinets", "Lockers"],
  "11": ["Loading dock equipment", "Food service equipment", "Laboratory equipment", "Residential appliances"],
  "12": ["Window treatments", "Casework", "Countertops", "Site furnishings"],
  "13": ["Pre-engineered structures", "Swimming pools", "Radiation protection"],
  "14": ["Passenger elevators", "Service elevators", "Wheelchair lifts"],
  "21": ["Fire sprinkler systems", "Fire pumps", "Standpipes"],
  "22": ["Plumbing piping", "Plumbing fixtures", "Domestic water heaters", "Storm drainage"],
  "23": ["HVAC ductwork", "HVAC piping", "Air handling units", "Rooftop units", "Controls", "Testing and balancing"],
  "26": ["Electrical service and distribution", "Branch wiring", "Lighting", "Emergency generator", "Grounding"],
  "27": ["Structured cabling", "Audio-visual systems", "Telephone systems"],
  "28": ["Access control", "Video surveillance", "Fire alarm", "Intrusion detection"],
  "31": ["Clearing and grubbing", "Excavation and fill", "Erosion control", "Shoring", "Dewatering", "Piles"],
  "32": ["Asphalt paving", "Concrete paving", "Curbs and gutters", "Fencing", "Landscaping", "Irrigation", "Pavement markings"],
  "33": ["Water distribution", "Sanitary sewer", "Storm sewer", "Site electrical utilities"],
};

const AREAS = ["Building A", "Building B", "Building C", "Level 1", "Level 2", "Level 3", "Level 4", "Roof", "Parking garage", "Site", "Podium", "Tower", "East wing", "West wing", "North wing", "South wing", "Basement", "Phase 2", "Amenity deck", "Lobby"];

const PLACES = ["Riverside", "Lakeview", "Oak Park", "Cedar Ridge", "Maple Grove", "Westfield", "Northgate", "Harbor Point", "Pine Hills", "Stonebridge", "Willow Creek", "Eastbrook", "Fairview", "Highland", "Brookside", "Meadowlands", "Summit Ridge", "Granite Falls", "Clearwater", "Elmhurst", "Sunset Valley", "Prairie View", "Ashford", "Kingsport", "Silver Lake", "Redwood", "Bayshore", "Hillcrest", "Foxborough", "Union Square"];
const BUILDINGS = ["Medical Office Building", "Elementary School Addition", "Fire Station", "Public Library", "Mixed-Use Development", "Distribution Center", "Senior Living Community", "Parking Structure", "Community Center", "Office Renovation", "Apartment Complex", "Retail Center", "Hotel", "Water Treatment Plant", "Police Headquarters", "Middle School", "Credit Union Branch", "Church Expansion", "Brewery", "Science Building", "Aquatic Center", "Data Center", "Townhomes", "Veterinary Clinic", "Corporate Campus"];
const CLIENT_KINDS = ["Health Partners", "School District", "Development Group", "Properties LLC", "Holdings", "County", "City of", "Investments", "Realty Trust", "Housing Authority", "University", "Capital Partners", "Community Church", "Logistics", "Hospitality Group"];
const STREETS = ["Main", "Oak", "River", "Lake", "Park", "Cedar", "Washington", "Lincoln", "Franklin", "Industrial", "Commerce", "Market", "Elm", "Hickory", "Jefferson", "Madison"];
const STREET_KINDS = ["Street", "Avenue", "Road", "Boulevard", "Drive", "Parkway", "Lane"];
const CITIES: readonly (readonly [city: string, state: string, zip: string, phone: string])[] = [
  ["Springfield", "IL", "627", "217"],
  ["Peoria", "IL", "616", "309"],
  ["Madison", "WI", "537", "608"],
  ["Columbus", "OH", "432", "614"],
  ["Indianapolis", "IN", "462", "317"],
  ["Des Moines", "IA", "503", "515"],
  ["Kansas City", "MO", "641", "816"],
  ["Omaha", "NE", "681", "402"],
  ["Louisville", "KY", "402", "502"],
  ["Nashville", "TN", "372", "615"],
];

const VENDOR_PREFIXES = ["Summit", "Apex", "Pioneer", "Keystone", "Heartland", "Prairie", "Liberty", "Patriot", "Atlas", "Cornerstone", "Benchmark", "Precision", "Allied", "United", "Midwest", "Great Lakes", "Blue Ridge", "Iron Horse", "Red Oak", "Silverline", "Northstar", "Eagle", "Frontier", "Legacy", "Horizon", "Capitol", "Superior", "Valley", "Sterling", "Titan", "Trinity", "Crossroads", "Lakeshore", "Granite", "Hawkeye", "Badger", "Buckeye", "Hoosier", "Gateway", "Meridian", "Crestview", "Foundation", "Landmark", "Quality", "Reliable", "Premier", "Diamond", "Falcon", "Beacon", "Anchor", "Bridgeway", "Compass", "Evergreen", "Heritage", "Ironwood", "Lincoln", "Madison", "Oakwood", "Riverbend", "Stonewall"];
/** Not used for real vendors: an unknown-vendor error names one of these. */
const UNLISTED_PREFIXES = ["Nonesuch", "Phantom", "Ghostwood", "Mirage", "Vaporline"];
const TRADES = ["Concrete", "Masonry", "Steel", "Erectors", "Carpentry", "Millwork", "Roofing", "Waterproofing", "Glass & Glazing", "Drywall", "Acoustics", "Flooring", "Tile", "Painting", "Doors & Hardware", "Elevator", "Fire Protection", "Plumbing", "Mechanical", "HVAC", "Sheet Metal", "Electric", "Electrical Contractors", "Low Voltage", "Security Systems", "Excavating", "Earthworks", "Paving", "Landscaping", "Fence", "Utilities", "Demolition", "Abatement", "Surveying", "Building Supply", "Lumber", "Ready-Mix", "Rebar", "Equipment Rental", "Crane Service"];
const COMPANY_SUFFIXES = ["LLC", "Inc.", "Co.", "Corp.", "Group", "Contractors", "& Sons", "Services"];
const FIRST_NAMES = ["Dana", "Chris", "Jordan", "Taylor", "Morgan", "Alex", "Jamie", "Casey", "Riley", "Pat", "Sam", "Robin", "Terry", "Lee", "Avery", "Quinn", "Maria", "James", "Linda", "Robert", "Aisha", "Wei", "Carlos", "Priya", "Kevin", "Olga", "Tom", "Grace", "Luis", "Hannah"];
const LAST_NAMES = ["Ortiz", "Nguyen", "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright", "Schmidt"];

const MILESTONES: readonly (readonly [name: string, at: number])[] = [
  ["Notice to proceed", 0],
  ["Mobilization", 0.03],
  ["Foundations complete", 0.22],
  ["Structure topped out", 0.45],
  ["Building dried in", 0.6],
  ["MEP rough-in complete", 0.75],
  ["Substantial completion", 0.95],
  ["Final completion", 1],
];
const MILESTONE_NOTES = ["Inspection booked with the city", "Owner walkthrough scheduled", "Weather delay possible", "Depends on steel delivery", "Punch list to follow", "Utility company coordination needed"];

const COST_TYPES = COST_TYPE_TEMPLATE.map(([code, name]) => ({ code, name }));
const TODAY = Date.UTC(2026, 0, 15) / 86_400_000; // fixed, so a seed always gives the same statuses
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Cell values as a user types them.

const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** A positive amount in cents from min to max dollars, often rounded as estimates are: "185000.00". */
function amount(rng: Random, minDollars: number, maxDollars: number): string {
  const cents = rng.int(minDollars * 100, maxDollars * 100);
  const step = rng.chance(0.4) ? 10_000 : rng.chance(0.5) ? 100 : 1;
  const rounded = dec(cents).dividedBy(step).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(step);
  return Decimal.max(step, rounded).dividedBy(100).toFixed(2);
}

/** Share of money, date and percent cells written as text in another accepted form. */
const TEXT_FORM_SHARE = 0.12;

function cellOf(column: MasterfileColumn, value: ParsedCell | null, rng: Random): ExcelJS.CellValue {
  if (value === null) return null;
  if ((column.type === "money" || column.type === "date" || column.type === "percent") && rng.chance(TEXT_FORM_SHARE)) {
    if (column.type === "money") return `$${formatAmount(String(value))}`;
    if (column.type === "percent") return `${rateToPercent(String(value))}%`;
    return String(value);
  }
  return exampleCell(column, value);
}

const cellsOf = (key: SheetKey, row: Row, rng: Random): Cells => masterfileSheet(key).columns.map((c) => cellOf(c, row[c.key] ?? null, rng));

// ---------------------------------------------------------------------------------------------
// The plan: how many rows of each sheet, and the small lists other rows refer to.

type Project = { jobNumber: string; start: number; end: number; status: string };
type CostCode = { code: string; name: string; division: string | null; item: string };
type Vendor = { name: string };
type Commitment = { job: number; number: string; type: "subcontract" | "purchase_order"; division: string; lines: number };

/** Splits `total` into `parts` near-equal whole counts. */
const share = (total: number, parts: number, i: number) => Math.floor(((i + 1) * total) / parts) - Math.floor((i * total) / parts);

/** The generated masterfile bills no owner: it has no owner-billing sheets. */
const NO_OPENING_BILLING_ROWS = { primeContracts: 0, sovLines: 0, openingPositions: 0, openingBilling: 0 };
/** The sheets a generated masterfile has, in workbook order. */
export const GENERATED_SHEETS = MASTERFILE_SHEETS.filter((s) => !(s.key in NO_OPENING_BILLING_ROWS));

type Plan = {
  counts: Record<SheetKey, number>;
  projects: Project[];
  codes: CostCode[];
  children: CostCode[];
  vendors: Vendor[];
  commitments: Commitment[];
  budgetLinesPerJob: (job: number) => number;
};

function childCodes(count: number): CostCode[] {
  const items = DIVISION_TEMPLATE.flatMap(([division]) => WORK_ITEMS[division].map((item, i) => ({ division, item, n: i + 1 })));
  const children: CostCode[] = [];
  for (let variant = 0; children.length < count; variant++) {
    for (const { division, item, n } of items) {
      if (children.length === count) break;
      const area = AREAS[(variant + AREAS.length - 1) % AREAS.length];
      const name = variant === 0 ? item : variant <= AREAS.length ? `${item} - ${area}` : `${item} - ${area}, phase ${Math.ceil(variant / AREAS.length)}`;
      children.push({ code: `${division}-${n}${pad(variant * 10, 3)}`, name, division, item });
    }
  }
  return children.sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** Far more than needed: the busiest job (N below 3,000, one project) has at most 1,500 budget lines. */
const MAX_CHILD_CODES = 990;

function makePlan(rows: number, seed: number, jobPrefix: string): Plan {
  const projectCount = Math.max(1, Math.round(rows / 2000));
  const vendorCount = Math.max(3, Math.round(rows / 400));
  const commitmentCount = Math.max(1, Math.round(rows / 100));
  const leadCount = Math.max(2, Math.round(rows / 500));
  const milestoneCount = projectCount * MILESTONES.length;
  // Jobs under way at adoption: one opening cost per job, an opening on every fourth commitment.
  const openingCostCount = projectCount;
  const commitmentOpeningCount = Math.ceil(commitmentCount / OPENING_EVERY);
  // Budget lines are unique per job × code × type: enough child codes for the busiest job, with room to choose.
  const perJobBound = Math.ceil(rows / 2 / projectCount);
  const baseItems = Object.values(WORK_ITEMS).reduce((n, items) => n + items.length, 0);
  const childCount = Math.min(MAX_CHILD_CODES, Math.max(1, Math.ceil(perJobBound / 4), Math.min(baseItems, Math.ceil(rows / 25))));
  const children = childCodes(childCount);
  const codes = DIVISION_TEMPLATE.flatMap(([division, name]) => [
    { code: division, name, division: null, item: name },
    ...children.filter((c) => c.division === division),
  ]);
  const others = projectCount + codes.length + vendorCount + commitmentCount + milestoneCount + leadCount + openingCostCount + commitmentOpeningCount;
  const lines = Math.max(2, rows - others);
  const budgetLineCount = Math.ceil(lines / 2);
  const commitmentLineCount = Math.max(commitmentCount, Math.floor(lines / 2));
  const budgetLinesPerJob = (job: number) => share(budgetLineCount, projectCount, job);
  if (budgetLinesPerJob(0) > children.length * COST_TYPES.length) throw new RangeError(`Too many budget lines per job for ${rows} rows`);

  const projects = makeProjects(new Random(seed, "projects"), projectCount, jobPrefix);
  const vendors = makeVendorNames(new Random(seed, "vendor-names"), vendorCount).map((name) => ({ name }));
  const commitments = makeCommitments(new Random(seed, "commitments"), commitmentCount, commitmentLineCount, projectCount, children);
  return {
    counts: {
      projects: projectCount,
      costCodes: codes.length,
      budgetLines: budgetLineCount,
      vendors: vendorCount,
      commitments: commitmentCount,
      commitmentLines: commitmentLineCount,
      milestones: milestoneCount,
      leads: leadCount,
      ...NO_OPENING_BILLING_ROWS,
      openingCosts: openingCostCount,
      commitmentOpenings: commitmentOpeningCount,
    },
    projects,
    codes,
    children,
    vendors,
    commitments,
    budgetLinesPerJob,
  };
}

function makeProjects(rng: Random, count: number, jobPrefix: string): Project[] {
  return Array.from({ length: count }, (_, i) => {
    const start = Date.UTC(2023, 0, 2) / DAY + rng.int(0, 4 * 365);
    const end = start + rng.int(120, 720);
    const status = start > TODAY ? "bidding" : end < TODAY ? (rng.chance(0.85) ? "closed" : "active") : rng.chance(0.1) ? "on_hold" : "active";
    return { jobNumber: `${jobPrefix}-${pad(i + 1, 4)}`, start, end, status };
  });
}

/** Unique realistic names: a shuffled walk over prefix × trade × suffix, numbered past that. */
function makeVendorNames(rng: Random, count: number): string[] {
  const space = VENDOR_PREFIXES.length * TRADES.length * COMPANY_SUFFIXES.length;
  const stride = coprimeStride(space, rng);
  const offset = rng.int(0, space - 1);
  return Array.from({ length: count }, (_, i) => {
    let k = (offset + i * stride) % space;
    const suffix = COMPANY_SUFFIXES[k % COMPANY_SUFFIXES.length];
    k = Math.floor(k / COMPANY_SUFFIXES.length);
    const name = `${VENDOR_PREFIXES[Math.floor(k / TRADES.length)]} ${TRADES[k % TRADES.length]} ${suffix}`;
    return i < space ? name : `${name} ${Math.floor(i / space) + 1}`;
  });
}

function coprimeStride(space: number, rng: Random): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  for (;;) {
    const stride = rng.int(Math.floor(space / 3), space - 1);
    if (gcd(stride, space) === 1) return stride;
  }
}

function makeCommitments(rng: Random, count: number, lineCount: number, projectCount: number, children: CostCode[]): Commitment[] {
  const divisions = [...new Set(children.map((c) => c.division!))];
  const commitments: Commitment[] = [];
  for (let job = 0; job < projectCount; job++) {
    const numbers = { subcontract: 0, purchase_order: 0 };
    for (let i = 0; i < share(count, projectCount, job); i++) {
      const type = rng.chance(0.65) ? "subcontract" : "purchase_order";
      const number = `${type === "subcontract" ? "SC" : "PO"}-${pad(++numbers[type], 4)}`;
      commitments.push({ job, number, type, division: rng.pick(divisions), lines: 0 });
    }
  }
  // At least one line each; the rest spread unevenly, as real commitments are.
  commitments.forEach((c) => (c.lines = 1));
  for (let left = lineCount - commitments.length; left > 0; ) {
    const chunk = Math.min(left, rng.int(1, Math.max(1, Math.round((2 * lineCount) / commitments.length))));
    commitments[rng.int(0, commitments.length - 1)].lines += chunk;
    left -= chunk;
  }
  return commitments;
}

// ---------------------------------------------------------------------------------------------
// Injected errors: exactly K rows, each with one problem, spread over sheets and kinds.

type ErrorKind = "bad-money" | "impossible-date" | "unknown-vendor" | "duplicate-key" | "missing-required" | "unknown-enum";
const ERROR_TARGETS: readonly (readonly [ErrorKind, SheetKey])[] = [
  ["bad-money", "budgetLines"],
  ["impossible-date", "milestones"],
  ["unknown-vendor", "commitments"],
  ["duplicate-key", "budgetLines"],
  ["missing-required", "commitmentLines"],
  ["unknown-enum", "projects"],
];

type ErrorPlan = Map<SheetKey, Map<number, ErrorKind>>;

function planErrors(rng: Random, errors: number, counts: Record<SheetKey, number>): ErrorPlan {
  // Budget line 0 has no earlier row to duplicate: it never gets an error.
  const capacity = (sheet: SheetKey) => (sheet === "budgetLines" ? counts.budgetLines - 1 : counts[sheet]);
  const kindsBySheet = new Map<SheetKey, ErrorKind[]>();
  for (let e = 0; e < errors; e++) {
    const target = ERROR_TARGETS.map((_, t) => ERROR_TARGETS[(e + t) % ERROR_TARGETS.length]).find(([, sheet]) => (kindsBySheet.get(sheet)?.length ?? 0) < capacity(sheet));
    if (!target) throw new RangeError(`Cannot inject ${errors} errors into a masterfile this small`);
    kindsBySheet.set(target[1], [...(kindsBySheet.get(target[1]) ?? []), target[0]]);
  }
  const plan: ErrorPlan = new Map();
  for (const [sheet, kinds] of kindsBySheet) {
    const first = sheet === "budgetLines" ? 1 : 0;
    const rows = distinctIndexes(rng, kinds.length, first, counts[sheet] - 1);
    plan.set(sheet, new Map(rows.map((row, i) => [row, kinds[i]])));
  }
  return plan;
}

function distinctIndexes(rng: Random, count: number, min: number, max: number): number[] {
  const span = max - min + 1;
  if (count > span / 2) {
    const all = Array.from({ length: span }, (_, i) => min + i);
    for (let i = 0; i < count; i++) {
      const j = rng.int(i, span - 1);
      [all[i], all[j]] = [all[j], all[i]];
    }
    return all.slice(0, count);
  }
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(rng.int(min, max));
  return [...chosen];
}

const BAD_MONEY = ["12,34.5x", "$4,5OO.00", "1 200,00 EUR"];
const IMPOSSIBLE_DATES = ["02-30", "04-31", "06-31", "02-29"]; // 02-29 of a non-leap year below

function inject(kind: ErrorKind, cells: Cells, sheet: SheetKey, rng: Random, vendors: ReadonlySet<string>) {
  const at = (key: string) => masterfileSheet(sheet).columns.findIndex((c) => c.key === key);
  switch (kind) {
    case "bad-money":
      cells[at("originalAmount")] = rng.pick(BAD_MONEY);
      return;
    case "impossible-date": {
      const suffix = rng.pick(IMPOSSIBLE_DATES);
      cells[at("plannedDate")] = `${suffix === "02-29" ? rng.pick([2025, 2026, 2027]) : rng.int(2024, 2027)}-${suffix}`;
      return;
    }
    case "unknown-vendor": {
      let name: string;
      do name = `${rng.pick(UNLISTED_PREFIXES)} ${rng.pick(TRADES)} ${rng.pick(COMPANY_SUFFIXES)}`;
      while (vendors.has(name));
      cells[at("vendor")] = name;
      return;
    }
    case "missing-required":
      cells[at("costCode")] = null;
      return;
    case "unknown-enum":
      cells[at("status")] = "Paused";
      return;
    case "duplicate-key":
      return; // done on the parsed row, before it becomes cells
  }
}

// ---------------------------------------------------------------------------------------------
// Rows of each sheet, in parsed form.

function projectRow(rng: Random, p: Project): Row {
  const [city, state, zip] = rng.pick(CITIES);
  const place = rng.pick(PLACES);
  const client = rng.chance(0.15) ? `City of ${city}` : `${rng.pick(PLACES)} ${rng.pick(CLIENT_KINDS.filter((k) => k !== "City of"))}`;
  return {
    jobNumber: p.jobNumber,
    name: `${place} ${rng.pick(BUILDINGS)}`,
    clientName: client,
    address: rng.chance(0.9) ? `${rng.int(100, 9899)} ${rng.pick(STREETS)} ${rng.pick(STREET_KINDS)}, ${city}, ${state} ${zip}${pad(rng.int(1, 99), 2)}` : null,
    status: p.status,
    contractType: rng.pick(["lump_sum", "lump_sum", "gmp", "cost_plus", "tm"]),
    startDate: isoDay(p.start),
    endDate: isoDay(p.end),
    defaultRetainagePercent: rng.chance(0.2) ? null : rng.pick(["0.100000", "0.100000", "0.050000", "0.000000"]),
  };
}

function* projectRows(seed: number, plan: Plan): Generator<Row> {
  const rng = new Random(seed, "project-rows");
  for (const p of plan.projects) yield projectRow(rng, p);
}

function* costCodeRows(plan: Plan): Generator<Row> {
  for (const c of plan.codes) yield { code: c.code, name: c.name, division: c.division };
}

const AMOUNT_RANGE: Record<string, readonly [number, number]> = { L: [2_000, 450_000], M: [1_000, 600_000], S: [10_000, 2_500_000], E: [500, 150_000], O: [250, 80_000] };

function* budgetLineRows(seed: number, plan: Plan): Generator<Row> {
  const rng = new Random(seed, "budget-lines");
  const combos = new Int32Array(plan.children.length * COST_TYPES.length);
  for (let job = 0; job < plan.projects.length; job++) {
    // A random, code-ordered subset of code × type pairs: unique within the job.
    combos.forEach((_, i) => (combos[i] = i));
    const count = plan.budgetLinesPerJob(job);
    for (let i = 0; i < count; i++) {
      const j = rng.int(i, combos.length - 1);
      [combos[i], combos[j]] = [combos[j], combos[i]];
    }
    for (const combo of combos.subarray(0, count).sort()) {
      const code = plan.children[Math.floor(combo / COST_TYPES.length)];
      const type = COST_TYPES[combo % COST_TYPES.length];
      yield {
        jobNumber: plan.projects[job].jobNumber,
        costCode: code.code,
        costType: type.code,
        description: rng.chance(0.7) ? `${code.name} - ${type.name.toLowerCase()}` : null,
        originalAmount: amount(rng, ...AMOUNT_RANGE[type.code]),
      };
    }
  }
}

function* vendorRows(seed: number, plan: Plan): Generator<Row> {
  const rng = new Random(seed, "vendor-rows");
  const stride = 556_230_037; // coprime with 9e8 (not divisible by 2, 3 or 5): index → distinct 9-digit tax ids
  for (const [i, vendor] of plan.vendors.entries()) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const domain = vendor.name.toLowerCase().replace(/[^a-z0-9]+/g, "");
    const taxNumber = 100_000_000 + ((i * stride + 12_345_678) % 900_000_000);
    const required = rng.chance(0.4);
    yield {
      name: vendor.name,
      contactName: rng.chance(0.9) ? `${first} ${last}` : null,
      email: rng.chance(0.85) ? `${first}.${last}@${domain}.example`.toLowerCase() : null,
      phone: rng.chance(0.85) ? `(${rng.pick(CITIES)[3]}) 555-${pad(rng.int(100, 199), 4)}` : null,
      taxId: `${String(taxNumber).slice(0, 2)}-${String(taxNumber).slice(2)}`,
      insuranceExpiresOn: rng.chance(0.85) ? isoDay(TODAY + rng.int(-60, 700)) : null,
      lienWaiverRequired: required ? true : rng.chance(0.5) ? false : null,
      lienWaiverReceived: required && rng.chance(0.6) ? true : rng.chance(0.5) ? false : null,
    };
  }
}

function* commitmentRows(seed: number, plan: Plan): Generator<Row> {
  const rng = new Random(seed, "commitment-rows");
  for (const c of plan.commitments) {
    const item = rng.pick(WORK_ITEMS[c.division]);
    const sub = c.type === "subcontract";
    yield {
      jobNumber: plan.projects[c.job].jobNumber,
      number: c.number,
      vendor: rng.pick(plan.vendors).name,
      type: c.type,
      title: sub ? `${item} subcontract` : `Supply of ${item.toLowerCase()}`,
      retainagePercent: sub ? (rng.chance(0.1) ? null : rng.pick(["0.100000", "0.100000", "0.050000"])) : rng.chance(0.8) ? null : "0.000000",
    };
  }
}

function* commitmentLineRows(seed: number, plan: Plan): Generator<Row> {
  const rng = new Random(seed, "commitment-lines");
  const byDivision = new Map<string, CostCode[]>();
  for (const code of plan.children) byDivision.set(code.division!, [...(byDivision.get(code.division!) ?? []), code]);
  for (const c of plan.commitments) {
    const codes = byDivision.get(c.division)!;
    for (let line = 1; line <= c.lines; line++) {
      const code = rng.pick(codes);
      const type = c.type === "subcontract" ? (rng.chance(0.85) ? "S" : "L") : rng.chance(0.8) ? "M" : "E";
      yield {
        jobNumber: plan.projects[c.job].jobNumber,
        commitmentNumber: c.number,
        lineNumber: line,
        costCode: code.code,
        costType: type,
        description: rng.chance(0.8) ? `${code.name}${rng.chance(0.3) ? ` - ${rng.pick(AREAS)}` : ""}` : null,
        amount: amount(rng, ...AMOUNT_RANGE[type]),
      };
    }
  }
}

function* milestoneRows(seed: number, plan: Plan): Generator<Row> {
  const rng = new Random(seed, "milestones");
  for (const p of plan.projects) {
    for (const [name, at] of MILESTONES) {
      const planned = Math.round(p.start + at * (p.end - p.start));
      const reached = p.status !== "bidding" && planned < TODAY;
      yield {
        jobNumber: p.jobNumber,
        name,
        plannedDate: isoDay(planned),
        actualDate: reached ? isoDay(Math.min(TODAY, planned + rng.int(-5, 20))) : null,
        notes: rng.chance(0.25) ? rng.pick(MILESTONE_NOTES) : null,
      };
    }
  }
}

const OPENING_EVERY = 4;
const CUT_OVER = isoDay(TODAY - 15);

/** One opening cost per job: site supervision labor to the cut-over date (cost not under a commitment). */
function* openingCostRows(seed: number, plan: Plan): Generator<Row> {
  const rng = new Random(seed, "opening-costs");
  const code = plan.children.find((c) => c.division === "01") ?? plan.children[0];
  for (const p of plan.projects) yield { jobNumber: p.jobNumber, costCode: code.code, costType: "L", amount: amount(rng, 1_000, 90_000), asOf: CUT_OVER, note: rng.chance(0.5) ? "Payroll to cut-over" : null };
}

/** Line 1 of every fourth commitment billed before the app: less than any line's smallest amount, 10% held on subcontracts. */
function* commitmentOpeningRows(seed: number, plan: Plan): Generator<Row> {
  const rng = new Random(seed, "commitment-openings");
  for (const [i, c] of plan.commitments.entries()) {
    if (i % OPENING_EVERY !== 0) continue;
    const billed = amount(rng, 100, 400);
    yield {
      jobNumber: plan.projects[c.job].jobNumber,
      commitmentNumber: c.number,
      lineNumber: 1,
      billedToDate: billed,
      retainageHeld: c.type === "subcontract" ? roundMoney(dec(billed).times("0.1")).toFixed(2) : null,
      asOf: CUT_OVER,
      note: rng.chance(0.3) ? "Pay applications before the app" : null,
    };
  }
}

const STAGE_PROBABILITY: Record<string, string> = { prospect: "0.100000", qualified: "0.250000", proposal: "0.400000", negotiation: "0.650000", won: "1.000000", lost: "0.000000" };

function* leadRows(seed: number, plan: Plan): Generator<Row> {
  const rng = new Random(seed, "leads");
  const seen = new Set<string>();
  for (let i = 0; i < plan.counts.leads; i++) {
    let name = "";
    let company = "";
    for (let attempt = 0; attempt === 0 || seen.has(`${name}\n${company}`.toLowerCase()); attempt++) {
      name = `${rng.pick(PLACES)} ${rng.pick(BUILDINGS)}${attempt > 5 ? `, phase ${attempt - 4}` : ""}`;
      company = rng.chance(0.15) ? `City of ${rng.pick(CITIES)[0]}` : `${rng.pick(PLACES)} ${rng.pick(CLIENT_KINDS.filter((k) => k !== "City of"))}`;
    }
    seen.add(`${name}\n${company}`.toLowerCase());
    const stage = rng.chance(0.1) ? null : rng.pick(LEAD_STAGES);
    yield {
      name,
      company,
      source: rng.chance(0.2) ? null : rng.pick(LEAD_SOURCES),
      stage,
      estimatedValue: rng.chance(0.85) ? amount(rng, 150_000, 25_000_000) : null,
      probability: rng.chance(0.8) ? STAGE_PROBABILITY[stage ?? "prospect"] : null,
      expectedClose: rng.chance(0.8) ? isoDay(TODAY + rng.int(-30, 400)) : null,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Writing.

/** Rows between waits for the zip to catch up: exceljs ignores backpressure, so without them memory grows. */
const BATCH = 1000;

type ZipInput = NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } };

/**
 * exceljs buffers a sheet's XML until the zip takes it (the zip reads one entry at a time) and then ignores the
 * zip's backpressure: wait until the zip reads this sheet and has caught up (exceljs 4.4 internals, as in excel.server.ts).
 */
async function caughtUp(sheet: ExcelJS.Worksheet) {
  for (;;) {
    const input = (sheet as unknown as { _stream?: { pipes?: ZipInput[] } })._stream?.pipes?.[0];
    if (!input) await new Promise((resolve) => setImmediate(resolve));
    else if (input._writableState?.needDrain) await new Promise((resolve) => input.once("drain", resolve));
    else return;
  }
}

async function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, key: SheetKey, rows: Iterable<Cells>): Promise<number> {
  const spec = masterfileSheet(key);
  const sheet = workbook.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.addRow(spec.columns.map((c) => c.header)).commit();
  let count = 0;
  for (const cells of rows) {
    sheet.addRow(cells).commit();
    if (++count % BATCH === 0) await caughtUp(sheet);
  }
  sheet.commit();
  return count;
}

function assertValidPrefix(jobPrefix: string) {
  const result = parseCell(masterfileSheet("projects").columns[0], `${jobPrefix}-0001`);
  if (!result.ok || `${jobPrefix}-0001`.length > 30) throw new RangeError(`Job prefix "${jobPrefix}" does not make valid job numbers${result.ok ? "" : `: ${result.message}`}`);
}

export async function writeMasterfile(options: MasterfileOptions): Promise<MasterfileSummary> {
  const { path, rows, seed = 1, jobPrefix = "IMP", errors = 0 } = options;
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError("rows must be a positive whole number");
  if (!Number.isInteger(errors) || errors < 0) throw new RangeError("errors must be a whole number, 0 or more");
  assertValidPrefix(jobPrefix);
  const plan = makePlan(rows, seed, jobPrefix);
  const errorPlan = planErrors(new Random(seed, "errors"), errors, plan.counts);
  const errorRng = new Random(seed, "error-values");
  const vendorNames = new Set(plan.vendors.map((v) => v.name));

  /** Parsed rows → cells, with this sheet's planned errors swapped in. */
  function* cells(key: SheetKey, source: Iterable<Row>): Generator<Cells> {
    const rng = new Random(seed, `cells-${key}`);
    const planned = errorPlan.get(key);
    let index = 0;
    let previous: Row | null = null;
    for (const row of source) {
      const kind = planned?.get(index);
      const written: Row = kind === "duplicate-key" && previous ? { ...row, ...only(previous, masterfileSheet(key).naturalKey), description: previous.description } : row;
      const out = cellsOf(key, written, rng);
      if (kind) inject(kind, out, key, errorRng, vendorNames);
      previous = written;
      index++;
      yield out;
    }
  }

  const sources: Record<SheetKey, () => Iterable<Row>> = {
    projects: () => projectRows(seed, plan),
    costCodes: () => costCodeRows(plan),
    budgetLines: () => budgetLineRows(seed, plan),
    vendors: () => vendorRows(seed, plan),
    commitments: () => commitmentRows(seed, plan),
    commitmentLines: () => commitmentLineRows(seed, plan),
    milestones: () => milestoneRows(seed, plan),
    leads: () => leadRows(seed, plan),
    primeContracts: () => [],
    sovLines: () => [],
    openingPositions: () => [],
    openingBilling: () => [],
    openingCosts: () => openingCostRows(seed, plan),
    commitmentOpenings: () => commitmentOpeningRows(seed, plan),
  };

  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
  workbook.creator = "SECG ERP masterfile generator";
  const sheets = {} as Record<SheetKey, number>;
  for (const spec of MASTERFILE_SHEETS) sheets[spec.key] = 0;
  for (const spec of GENERATED_SHEETS) sheets[spec.key] = await writeSheet(workbook, spec.key, cells(spec.key, sources[spec.key]()));
  await workbook.commit();
  const totalRows = Object.values(sheets).reduce((a, b) => a + b, 0);
  return { path, sheets, totalRows, errorRows: errors };
}

const only = (row: Row, keys: readonly string[]): Row => Object.fromEntries(keys.map((k) => [k, row[k]]));
