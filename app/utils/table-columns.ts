/**
 * The column chooser's rules (issue 18 §4), browser-safe: which of a table's columns show and in
 * which order. In the URL as `cols=a,b,c` (so a view is shareable by URL), remembered per member
 * per table otherwise, else the definition's order. The Excel export writes the same columns.
 */
import type { TableColumn, TableDefinition } from "./data-table";

export const COLUMNS_PARAM = "cols";

export type ColumnChoice = { ok: true; keys: string[] } | { ok: false; message: string };

/**
 * `raw` (comma-separated keys) checked against the definition: every key known, none twice, at
 * least one. An unknown key is refused by name, never dropped silently.
 */
export function parseColumnKeys(def: TableDefinition, raw: string | string[]): ColumnChoice {
  const keys = (Array.isArray(raw) ? raw : raw.split(","))
    .flatMap((k) => k.split(","))
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) return { ok: false, message: "Choose at least one column." };
  const known = new Set(def.columns.map((c) => c.key));
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length)
    return { ok: false, message: `Unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k.slice(0, 40)}"`).join(", ")} for this table; known columns: ${[...known].join(", ")}.` };
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice) return { ok: false, message: `Column "${twice}" is chosen twice.` };
  return { ok: true, keys };
}

/** The `cols` parameter of a URL: null when absent, else the checked choice. */
export function urlColumns(def: TableDefinition, url: URL): ColumnChoice | null {
  const raw = url.searchParams.get(COLUMNS_PARAM);
  return raw === null ? null : parseColumnKeys(def, raw);
}

/** Remembered keys may name a column since removed: those are skipped (an empty result means the defaults). */
export function knownKeys(def: TableDefinition, keys: readonly string[] | null | undefined): string[] | null {
  if (!keys) return null;
  const known = keys.filter((k, i) => def.columns.some((c) => c.key === k) && keys.indexOf(k) === i);
  return known.length ? known : null;
}

/** The columns shown, in order: the chosen keys, or every column of the definition. */
export function visibleColumns(def: TableDefinition, keys: readonly string[] | null | undefined): TableColumn[] {
  if (!keys?.length) return def.columns;
  return keys.map((k) => def.columns.find((c) => c.key === k)).filter((c): c is TableColumn => c !== undefined);
}

/**
 * The order the chooser form posts: `order.<key>` numbers (blank = keep place) and `col` checkboxes;
 * `move` = "<key>:up|down" moves one column a place. Returns the chosen keys in the new order.
 */
export function orderFromForm(def: TableDefinition, current: readonly string[], form: { checked: string[]; order: Record<string, string>; move?: string | null }): string[] {
  const base = [...current, ...def.columns.map((c) => c.key).filter((k) => !current.includes(k))];
  const typed = (k: string) => Boolean(form.order[k]?.trim()) && Number.isFinite(Number(form.order[k]));
  const position = (k: string) => (typed(k) ? Number(form.order[k]) : base.indexOf(k) + 1);
  // a number typed for a column wins a tie with a column that kept its place
  const rank = (k: string) => (typed(k) && Number(form.order[k]) !== base.indexOf(k) + 1 ? 0 : 1);
  let keys = base
    .filter((k) => form.checked.includes(k))
    .sort((a, b) => position(a) - position(b) || rank(a) - rank(b) || base.indexOf(a) - base.indexOf(b));
  const [moved, dir] = (form.move ?? "").split(":");
  const at = keys.indexOf(moved);
  if (at >= 0 && (dir === "up" || dir === "down")) {
    const to = dir === "up" ? at - 1 : at + 1;
    if (to >= 0 && to < keys.length) {
      keys = [...keys];
      [keys[at], keys[to]] = [keys[to], keys[at]];
    }
  }
  return keys;
}

/** `href` with its `cols` set to `keys` (or removed for null), other parameters kept. */
export function withColumnsParam(href: string, keys: readonly string[] | null): string {
  const url = new URL(href, "http://app.invalid");
  url.searchParams.delete("after");
  if (keys?.length) url.searchParams.set(COLUMNS_PARAM, keys.join(","));
  else url.searchParams.delete(COLUMNS_PARAM);
  const search = url.searchParams.toString().replace(/%2C/gi, ",");
  return `${url.pathname}${search ? `?${search}` : ""}`;
}
