import { describe, expect, it } from "vitest";
import { budgetTable } from "~/domains/budgets/budgets.table";
import { parseTableQuery, tableHref } from "./data-table";
import { knownKeys, orderFromForm, parseColumnKeys, urlColumns, visibleColumns, withColumnsParam } from "./table-columns";

describe("choosing columns", () => {
  it("accepts known keys in the order given", () => {
    expect(parseColumnKeys(budgetTable, "overUnder,costCode, revised")).toEqual({ ok: true, keys: ["overUnder", "costCode", "revised"] });
    expect(visibleColumns(budgetTable, ["overUnder", "costCode"]).map((c) => c.label)).toEqual(["Projected over/under", "Cost code"]);
  });

  it("refuses an unknown key by name, a key twice and an empty choice, with a clear message", () => {
    const unknown = parseColumnKeys(budgetTable, "costCode,secretSalary");
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.message).toMatch(/^Unknown column "secretSalary" for this table; known columns: costCode, /);
    expect(parseColumnKeys(budgetTable, "costCode,costCode")).toEqual({ ok: false, message: 'Column "costCode" is chosen twice.' });
    expect(parseColumnKeys(budgetTable, " , ")).toEqual({ ok: false, message: "Choose at least one column." });
    expect(urlColumns(budgetTable, new URL("http://x/p?sort=costCode"))).toBeNull();
  });

  it("drops remembered keys of columns that no longer exist; none left means the defaults", () => {
    expect(knownKeys(budgetTable, ["gone", "actual", "actual"])).toEqual(["actual"]);
    expect(knownKeys(budgetTable, ["gone"])).toBeNull();
    expect(visibleColumns(budgetTable, null)).toBe(budgetTable.columns);
  });

  it("orders by the position numbers, then applies one up/down move", () => {
    const current = ["costCode", "revised", "actual"];
    const form = { checked: ["costCode", "revised", "actual", "eac"], order: { actual: "1", eac: "" } as Record<string, string> };
    expect(orderFromForm(budgetTable, current, form)).toEqual(["actual", "costCode", "revised", "eac"]);
    expect(orderFromForm(budgetTable, current, { checked: current, order: {}, move: "actual:up" })).toEqual(["costCode", "actual", "revised"]);
    expect(orderFromForm(budgetTable, current, { checked: current, order: {}, move: "costCode:up" })).toEqual(current);
    expect(orderFromForm(budgetTable, current, { checked: ["revised"], order: {} })).toEqual(["revised"]);
  });

  it("puts the decision columns first on the budget", () => {
    expect(budgetTable.columns.slice(0, 9).map((c) => c.key)).toEqual(["costCode", "costType", "description", "revised", "committed", "actual", "projectedCost", "eac", "overUnder"]);
  });

  it("keeps the choice in the URL and in every link the table makes", () => {
    expect(withColumnsParam("/projects/1/budget?sort=costCode&after=abc", ["eac", "costCode"])).toBe("/projects/1/budget?sort=costCode&cols=eac,costCode");
    expect(withColumnsParam("/projects/1/budget?cols=eac", null)).toBe("/projects/1/budget");
    const query = { ...parseTableQuery(budgetTable, new URLSearchParams("sort=actual&dir=desc")), columns: ["actual", "costCode"] };
    expect(tableHref("/b", query, { pageSize: 100 })).toBe("/b?sort=actual&dir=desc&size=100&cols=actual,costCode");
  });
});
