import { describe, expect, it } from "vitest";
import { checkboxField, dateField, moneyField } from "./form-fields";
import { groupedMoneyText } from "./money";

const amount = moneyField("the amount", { sign: "non-negative" });
const message = (schema: { safeParse: (v: unknown) => { success: boolean; error?: { issues: { message: string }[] } } }, value: unknown) =>
  schema.safeParse(value).error?.issues[0].message;

describe("money fields", () => {
  it("keep exact cents from grouped text", () => {
    expect(amount.parse("4,850,000.00")).toBe("4850000.00");
    expect(amount.parse("$1,234.5")).toBe("1234.50");
  });

  it("name the problem: too many decimals, too large, not an amount, negative", () => {
    expect(message(amount, "12.345")).toBe("Use two decimals at most (cents) for the amount, such as 1,234.50");
    expect(message(amount, "1,000,000,000,000.00")).toBe("The amount is more than the largest amount this system holds (999,999,999,999.99)");
    expect(message(amount, "twelve")).toBe("Enter an amount such as 1,234.50");
    expect(message(amount, "-5")).toBe("The amount cannot be negative");
  });

  it("show an amount back grouped, and leave what is not one as typed", () => {
    expect(groupedMoneyText("4850000")).toBe("4,850,000.00");
    expect(groupedMoneyText("4,850,000.5")).toBe("4,850,000.50");
    expect(groupedMoneyText("(1250)")).toBe("-1,250.00");
    expect(groupedMoneyText("12.345")).toBeNull();
    expect(groupedMoneyText("")).toBeNull();
    expect(groupedMoneyText("abc")).toBeNull();
  });
});

describe("date fields", () => {
  it("refuse dates PostgreSQL cannot hold or that do not exist", () => {
    const date = dateField("the date");
    expect(date.parse("2026-03-15")).toBe("2026-03-15");
    expect(message(date, "0000-01-01")).toBe("Enter the date as a date from year 1 on");
    expect(message(date, "2026-02-30")).toBe("Enter the date as YYYY-MM-DD");
  });
});

describe("checkbox fields", () => {
  it("read ticked and unticked boxes, and refuse anything else rather than read it as unticked", () => {
    expect(["on", "true", true].map((v) => checkboxField.parse(v))).toEqual([true, true, true]);
    expect([undefined, "", "false", false].map((v) => checkboxField.parse(v))).toEqual([false, false, false, false]);
    expect(message(checkboxField, "maybe")).toBe("Tick the box or leave it empty");
    expect(message(checkboxField, "1; drop table x")).toBe("Tick the box or leave it empty");
  });
});
