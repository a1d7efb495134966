/**
 * What the demo's superintendents write in their daily logs: the crews on site (a demo vendor or
 * own forces, by trade and cost code), what each crew does, and the occasional delivery, visitor,
 * delay and safety entry. Deterministic: picked by day number, never Math.random.
 */

/** [company (a demo vendor's name, or null for own forces), trade, cost code, crew size range, work done] */
export type DemoCrew = [string | null, string, string, [number, number], string[]];

export const DEMO_CREWS: DemoCrew[] = [
  [null, "Laborers", "01-1000", [2, 4], ["Site cleanup and housekeeping, all levels", "Unloaded deliveries and staged material at the hoist", "Maintained erosion control and swept the street"]],
  [null, "Carpenters", "06-1000", [2, 5], ["Framed blocking for wall-mounted equipment, level 2", "Built stair and shaft protection, east core", "Set door bucks and backing, corridor 1"]],
  ["Rocky Mountain Concrete", "Concrete finishers", "03-3000", [4, 8], ["Formed and placed slab on grade, area B", "Stripped forms and cured the level 2 deck", "Poured equipment pads at the north yard", "Placed topping slab, grid C–F"]],
  ["Summit Steel Erectors", "Ironworkers", "05-1200", [3, 6], ["Erected level 3 beams, grid A–D", "Bolted up and plumbed the east frame", "Set roof joists and deck bundles"]],
  ["Front Range Electric", "Electricians", "26-0500", [2, 6], ["Rough-in conduit, level 1 corridor", "Pulled branch circuits to panel 2A", "Set floor boxes in the lobby"]],
  ["Alpine Mechanical", "Pipefitters", "22-1000", [2, 4], ["Domestic water risers, west shaft", "Hung sanitary piping below level 2", "Pressure-tested waste lines, area A"]],
  ["Alpine Mechanical", "Sheet metal workers", "23-3000", [2, 4], ["Hung main supply duct, level 2", "Installed VAV boxes, east wing"]],
  ["Peak Drywall & Finishes", "Drywall hangers", "09-2900", [3, 7], ["Hung board on level 1 demising walls", "Taped and finished corridor 2", "Framed soffits at the nurses' station"]],
];

/** Harbor has one subcontractor in the demo; the rest are its own forces. */
export const HARBOR_CREWS: DemoCrew[] = [
  [null, "Laborers", "01-1000", [2, 4], ["Cleaned the pier deck and staged timber", "Set up temporary railings along the water side"]],
  [null, "Carpenters", "06-1000", [3, 5], ["Framed the market stalls, bay 2", "Installed blocking for the fish counters"]],
  ["Atlantic Concrete Co", "Concrete finishers", "03-3000", [3, 6], ["Poured pile caps, row C", "Placed the loading dock slab"]],
];

export const DEMO_EQUIPMENT: [string, string][] = [
  ["Telehandler, 10,000 lb", "Daily inspection done"],
  ["Scissor lift, 26 ft", ""],
  ["Mini excavator", "Trenching for the storm line"],
  ["Concrete pump truck", "On site for the pour"],
];

/** [supplier, material] */
export const DEMO_DELIVERIES: [string, string][] = [
  ["Mile High Supply", "Hollow metal door frames, 24 each"],
  ["Rocky Mountain Concrete", "38 CY 4,000 psi concrete"],
  ["Centennial Equipment Rental", "Scissor lift, 26 ft (rental)"],
  ["Peak Drywall & Finishes", "240 sheets 5/8 in Type X gypsum board"],
  ["Summit Steel Erectors", "Roof joists and deck, 2 truckloads"],
];

/** [name, company, purpose, time in, time out] */
export const DEMO_VISITORS: [string, string, string, string, string][] = [
  ["Carla Nguyen", "City building department", "Framing inspection, level 1", "09:30", "10:15"],
  ["Tom Becker", "Owner's representative", "Weekly site walk", "13:00", "14:30"],
  ["Ines Park", "Structural engineer of record", "Reviewed the level 3 connections", "10:00", "11:00"],
];

export const DEMO_WEATHER_DELAY = "Crews stood down: wind gusts over 35 mph stopped crane picks.";
export const DEMO_POTENTIAL_CHANGE = "Owner asked to move the lobby storefront 4 ft east; the framing crew stood down waiting for revised drawings.";
export const DEMO_ADDENDUM = "Revised storefront drawings arrived at 2:40 PM; framing at the lobby resumes tomorrow. Hours lost confirmed at 3.5.";
export const DEMO_SAFETY_OBSERVATION: [string, string] = ["Guardrail missing at the level 3 stair opening.", "Temporary guardrail installed before work resumed; reviewed at the next toolbox talk."];
export const DEMO_TOOLBOX_TALKS = ["Ladder safety and three points of contact", "Cold stress: layers, breaks and warming areas", "Silica dust when cutting concrete", "Struck-by hazards around the telehandler"];

export const DEMO_PHOTO_CAPTIONS = ["Slab pour in progress", "Level 2 framing", "Delivery staged at the hoist", "Duct rough-in", "Site from the north gate", "Stair protection"];
