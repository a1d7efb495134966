/**
 * The demo company's projects: realistic, internally consistent figures (a budget below the contract
 * sum, executed subcontracts under their budget lines, a subcontract waiting for approval, change
 * orders in every state).
 * Amounts are strings (exact decimals). Cost codes are generic demo codes under the division template.
 */
export interface DemoProject {
  jobNumber: string;
  name: string;
  client: string;
  address: string;
  status: "bidding" | "active" | "on_hold" | "closed";
  contractType: "lump_sum" | "cost_plus" | "gmp" | "tm";
  start: string;
  end: string;
  contractSum: string | null;
  /** [cost code, cost type code, original budget] */
  budget: [string, string, string][];
  /** [number, vendor, type, status, [[code, type, amount, description]]] */
  commitments: [string, string, "subcontract" | "purchase_order", "draft" | "pending_approval" | "executed" | "closed", [string, string, string, string][]][];
  /** [kind, commitment number | null, stage, status, title, [[code, type, amount, budgetAmount | null]]] */
  changeOrders: ["prime" | "commitment", string | null, "potential" | "change_order", "draft" | "pending_approval" | "approved" | "rejected", string, [string, string, string, string | null][]][];
  /** Vendor invoices, entered in this order (so each one's billed to date includes the ones before). */
  apInvoices?: DemoApInvoice[];
  /** Opening cost to date, not under a commitment (ADR 0014): [cost code, cost type code, amount, as of, note]. */
  openingCosts?: [string, string, string, string, string][];
  /** Billed and retainage held before the app: [commitment number, line number, billed to date, retainage held, as of, note]. */
  commitmentOpenings?: [string, number, string, string, string, string][];
}

/** A vendor invoice: against a commitment (billing its lines, or releasing retainage) or a direct cost. Days count from the seed date. */
export interface DemoApInvoice {
  number: string;
  commitment?: string;
  /** Direct cost invoices only (commitment invoices are the commitment's vendor's). */
  vendor?: string;
  invoiceDay: number;
  dueDay: number;
  description: string;
  status: "draft" | "pending_approval" | "approved";
  /** Against a commitment: [commitment line number, this period, stored materials]. */
  billing?: [number, string, string][];
  /** Direct cost: [cost code, cost type code, amount, description]. */
  lines?: [string, string, string, string][];
  /** A retainage release of this amount on the commitment. */
  release?: string;
  /** [day, amount, method, reference] */
  payments?: [number, string, "check" | "ach" | "wire", string][];
}

export const DEMO_COST_CODES: [string, string, string][] = [
  ["01", "01-1000", "General conditions"],
  ["01", "01-5000", "Temporary facilities"],
  ["03", "03-3000", "Cast-in-place concrete"],
  ["05", "05-1200", "Structural steel framing"],
  ["06", "06-1000", "Rough carpentry"],
  ["07", "07-5000", "Membrane roofing"],
  ["08", "08-1100", "Metal doors and frames"],
  ["09", "09-2900", "Gypsum board"],
  ["09", "09-9100", "Painting"],
  ["22", "22-1000", "Plumbing piping"],
  ["23", "23-3000", "HVAC air distribution"],
  ["26", "26-0500", "Electrical common work"],
  ["31", "31-2000", "Earth moving"],
];

export const DEMO_VENDORS = [
  { name: "Rocky Mountain Concrete", contactName: "Dana Ruiz", email: "dana@rmconcrete.example", phone: "303-555-0141", taxId: "84-1234567" },
  { name: "Front Range Electric", contactName: "Marcus Lee", email: "marcus@frelectric.example", phone: "303-555-0188", taxId: "84-2345678" },
  { name: "Alpine Mechanical", contactName: "Priya Nair", email: "priya@alpinemech.example", phone: "720-555-0112", taxId: "84-3456789" },
  { name: "Summit Steel Erectors", contactName: "Joe Brandt", email: "joe@summitsteel.example", phone: "720-555-0175", taxId: "84-4567890" },
  { name: "Peak Drywall & Finishes", contactName: "Lena Ortiz", email: "lena@peakdrywall.example", phone: "303-555-0199", taxId: "84-5678901" },
  { name: "Mile High Supply", contactName: "Sam Cho", email: "orders@milehighsupply.example", phone: "303-555-0123", taxId: "84-6789012" },
  { name: "Centennial Equipment Rental", contactName: "Rae Quinn", email: "billing@centennialrental.example", phone: "303-555-0160", taxId: "84-7890123" },
];

/** Compliance flags (the vendor compliance module comes later): by vendor name. */
export const DEMO_VENDOR_COMPLIANCE: Record<string, { insuranceExpiresOn?: string; lienWaiverRequired?: boolean; lienWaiverReceived?: boolean }> = {
  "Rocky Mountain Concrete": { insuranceExpiresOn: "2027-03-31", lienWaiverRequired: true, lienWaiverReceived: true },
  "Alpine Mechanical": { insuranceExpiresOn: "2025-01-31" },
  "Peak Drywall & Finishes": { insuranceExpiresOn: "2026-11-30", lienWaiverRequired: true },
};

export const DEMO_PROJECTS: DemoProject[] = [
  {
    jobNumber: "2301", name: "Riverside Medical Office Building", client: "Riverside Health Partners", address: "455 River Rd, Denver, CO",
    status: "active", contractType: "gmp", start: "2025-03-03", end: "2026-12-18", contractSum: "4850000.00",
    budget: [
      ["01-1000", "L", "312000.00"], ["01-5000", "O", "48500.00"], ["31-2000", "S", "186000.00"], ["03-3000", "S", "742000.00"],
      ["05-1200", "S", "615000.00"], ["07-5000", "S", "228000.00"], ["08-1100", "M", "96400.00"], ["09-2900", "S", "388000.00"],
      ["09-9100", "S", "121500.00"], ["22-1000", "S", "402000.00"], ["23-3000", "S", "558000.00"], ["26-0500", "S", "497000.00"],
    ],
    commitments: [
      ["SC-001", "Rocky Mountain Concrete", "subcontract", "executed", [["03-3000", "S", "698500.00", "Foundations, slabs on grade, elevated decks"]]],
      ["SC-002", "Summit Steel Erectors", "subcontract", "executed", [["05-1200", "S", "587250.00", "Structural steel supply and erection"]]],
      ["SC-003", "Front Range Electric", "subcontract", "executed", [["26-0500", "S", "468900.00", "Electrical: service, distribution, lighting"], ["26-0500", "M", "12500.00", "Owner-requested fixtures allowance"]]],
      ["SC-004", "Alpine Mechanical", "subcontract", "draft", [["23-3000", "S", "541000.00", "HVAC"], ["22-1000", "S", "389500.00", "Plumbing"]]],
      ["PO-001", "Mile High Supply", "purchase_order", "executed", [["08-1100", "M", "88315.40", "Hollow metal doors and frames"]]],
      // Over the $100,000 commitment policy: submitted by the PM, waiting for finance (step 1), then the owner.
      ["SC-005", "Peak Drywall & Finishes", "subcontract", "pending_approval", [["09-2900", "S", "348600.00", "Metal framing, drywall and acoustical ceilings"], ["09-2900", "M", "14250.00", "Level 5 finish allowance at lobby"]]],
    ],
    changeOrders: [
      ["prime", null, "change_order", "approved", "Owner-added MRI shielding", [["09-2900", "S", "85400.00", "72000.00"]]],
      ["prime", null, "change_order", "pending_approval", "Upgraded lobby finishes", [["09-9100", "S", "23650.00", "19800.00"]]],
      ["commitment", "SC-001", "change_order", "approved", "Additional rebar at elevator pit", [["03-3000", "S", "14275.50", null]]],
      ["prime", null, "potential", "draft", "Rooftop screen wall", [["07-5000", "S", "41200.00", "35000.00"]]],
      ["commitment", "SC-002", "change_order", "rejected", "Overtime for steel delivery delay", [["05-1200", "S", "9800.00", null]]],
    ],
    apInvoices: [
      { number: "RMC-1041", commitment: "SC-001", invoiceDay: -80, dueDay: -50, description: "Foundations and footings", status: "approved", billing: [[1, "209550.00", "0.00"]], payments: [[-48, "188595.00", "check", "10231"]] },
      // Paid in part; includes rebar stored on site.
      { number: "RMC-1057", commitment: "SC-001", invoiceDay: -40, dueDay: -10, description: "Slab on grade and elevated deck 2", status: "approved", billing: [[1, "174625.00", "12400.00"]], payments: [[-5, "100000.00", "ach", "ACH-55810"]] },
      // Over the $100,000 invoice policy: waiting for finance (step 1), then the owner.
      { number: "SSE-2207", commitment: "SC-002", invoiceDay: -12, dueDay: 18, description: "Steel erection, levels 1–3", status: "pending_approval", billing: [[1, "146812.50", "0.00"]] },
      { number: "FRE-3310", commitment: "SC-003", invoiceDay: -20, dueDay: 10, description: "Service, rough-in and fixtures allowance", status: "approved", billing: [[1, "93780.00", "0.00"], [2, "2500.00", "0.00"]] },
      { number: "MHS-88120", commitment: "PO-001", invoiceDay: -60, dueDay: -30, description: "Doors and frames, first delivery", status: "approved", billing: [[1, "44157.70", "0.00"]], payments: [[-28, "44157.70", "check", "10244"]] },
      {
        number: "CER-7781", vendor: "Centennial Equipment Rental", invoiceDay: -50, dueDay: -20, description: "Site facilities, March", status: "approved",
        lines: [["01-5000", "O", "6850.00", "Temporary fencing and toilets"], ["01-5000", "O", "2400.00", "Site office trailer"]],
      },
      { number: "FRE-3342", commitment: "SC-003", invoiceDay: -2, dueDay: 28, description: "Branch circuits, level 1", status: "draft", billing: [[1, "51200.00", "0.00"]] },
    ],
  },
  {
    jobNumber: "2302", name: "Cedar Ridge Elementary Renovation", client: "Cedar Ridge School District", address: "1900 Cedar Ridge Dr, Lakewood, CO",
    status: "active", contractType: "lump_sum", start: "2025-06-09", end: "2026-08-14", contractSum: "1985000.00",
    budget: [["01-1000", "L", "164000.00"], ["06-1000", "S", "212000.00"], ["09-2900", "S", "301000.00"], ["09-9100", "S", "96000.00"], ["26-0500", "S", "268000.00"], ["23-3000", "S", "344000.00"]],
    commitments: [
      ["SC-101", "Peak Drywall & Finishes", "subcontract", "executed", [["09-2900", "S", "289400.00", "Drywall and ceilings"], ["09-9100", "S", "91250.00", "Painting"]]],
      ["SC-102", "Front Range Electric", "subcontract", "executed", [["26-0500", "S", "259870.00", "Electrical renovation"]]],
    ],
    changeOrders: [["prime", null, "change_order", "approved", "Asbestos abatement in wing B", [["01-1000", "L", "37500.00", "31000.00"]]]],
    apInvoices: [
      { number: "PDF-5501", commitment: "SC-101", invoiceDay: -70, dueDay: -40, description: "Drywall and painting to 50%", status: "approved", billing: [[1, "144700.00", "0.00"], [2, "45625.00", "0.00"]], payments: [[-38, "171292.50", "check", "10237"]] },
      // Half the retainage released at 50% complete, as the subcontract allows.
      { number: "PDF-5530", commitment: "SC-101", invoiceDay: -3, dueDay: 27, description: "Retainage reduction at 50% complete", status: "approved", release: "9516.25" },
    ],
    // Under way when the company adopted the app (cut-over 2025-09-30): general conditions paid through
    // the old ledger, and what Front Range Electric had billed on SC-102 (30% of its value, 10% held).
    openingCosts: [["01-1000", "L", "58420.35", "2025-09-30", "Payroll to cut-over, old ledger"], ["06-1000", "S", "12680.00", "2025-09-30", "Blocking by a casual crew, no subcontract"]],
    commitmentOpenings: [["SC-102", 1, "77961.00", "7796.10", "2025-09-30", "Pay applications 1–3 before the app"]],
  },
  {
    jobNumber: "2401", name: "Lakeside Distribution Warehouse", client: "Lakeside Logistics LLC", address: "7800 E 56th Ave, Commerce City, CO",
    status: "bidding", contractType: "lump_sum", start: "2026-03-02", end: "2027-01-29", contractSum: null,
    budget: [["31-2000", "S", "240000.00"], ["03-3000", "S", "1120000.00"], ["05-1200", "S", "960000.00"], ["07-5000", "S", "410000.00"]],
    commitments: [],
    changeOrders: [],
  },
  {
    // Started under a letter of intent: budget and first costs, owner contract still in negotiation (WIP flags it "No contract").
    jobNumber: "2403", name: "Aspen Ridge Clinic Tenant Improvement", client: "Aspen Ridge Health Partners", address: "2150 S Parker Rd, Aurora, CO",
    status: "active", contractType: "gmp", start: "2026-10-05", end: "2027-04-30", contractSum: null,
    budget: [["01-1000", "L", "86000.00"], ["01-1000", "M", "12000.00"], ["09-2900", "S", "214000.00"], ["23-3000", "S", "168000.00"], ["26-0500", "S", "142000.00"]],
    commitments: [],
    changeOrders: [],
    apInvoices: [
      {
        number: "MHS-22871", vendor: "Mile High Supply", invoiceDay: -20, dueDay: 10, description: "Selective demolition supplies", status: "approved",
        lines: [["01-1000", "M", "4318.60", "Dust barriers and floor protection"]],
      },
    ],
  },
  {
    jobNumber: "2205", name: "Downtown Library Annex", client: "City of Denver", address: "10 W 14th Ave, Denver, CO",
    status: "closed", contractType: "cost_plus", start: "2023-04-10", end: "2024-09-27", contractSum: "2310000.00",
    budget: [["01-1000", "L", "198000.00"], ["03-3000", "S", "402000.00"], ["09-2900", "S", "286000.00"]],
    commitments: [["SC-201", "Rocky Mountain Concrete", "subcontract", "closed", [["03-3000", "S", "395200.00", "Concrete"]]]],
    changeOrders: [],
  },
];

/** Harbor Construction: a smaller book, so isolation is visible with the same kinds of rows. */
export const HARBOR_PROJECTS: DemoProject[] = [
  {
    jobNumber: "H-101", name: "Pier 7 Seafood Market", client: "Portland Harbor Authority", address: "7 Commercial St, Portland, ME",
    status: "active", contractType: "lump_sum", start: "2025-05-05", end: "2026-06-30", contractSum: "1260000.00",
    budget: [["03-3000", "S", "310000.00"], ["06-1000", "S", "145000.00"], ["22-1000", "S", "188000.00"]],
    commitments: [["SC-1", "Atlantic Concrete Co", "subcontract", "executed", [["03-3000", "S", "296000.00", "Marine-grade concrete"]]]],
    changeOrders: [["prime", null, "change_order", "approved", "Additional cold storage room", [["22-1000", "S", "52000.00", "44500.00"]]]],
    apInvoices: [
      { number: "ACC-771", commitment: "SC-1", invoiceDay: -30, dueDay: 0, description: "Pier foundations", status: "approved", billing: [[1, "88800.00", "0.00"]], payments: [[-2, "40000.00", "ach", "H-ACH-1001"]] },
    ],
  },
];

export const HARBOR_VENDORS = [{ name: "Atlantic Concrete Co", contactName: "Ben Tate", email: "ben@atlanticconcrete.example", phone: "207-555-0150", taxId: "01-7654321" }];
