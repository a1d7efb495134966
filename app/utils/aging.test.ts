import { describe, expect, it } from "vitest";
import { AGING_BUCKET_LABELS, AGING_BUCKETS, ageItems, agingBucket, daysPastDue, type AgingAmounts, type AgingItem } from "./aging";

const AS_OF = "2024-06-30";
const cents = (money: string) => BigInt(money.replace(".", ""));

/** Bucket amounts in AGING_BUCKETS order, then the total. */
const amountsOf = ({ buckets, total }: AgingAmounts) => [...AGING_BUCKETS.map((b) => buckets[b]), total];

describe("daysPastDue", () => {
  it("counts calendar days across month, leap-day and year boundaries", () => {
    expect(daysPastDue("2024-06-30", "2024-06-30")).toBe(0);
    expect(daysPastDue("2024-02-28", "2024-03-01")).toBe(2);
    expect(daysPastDue("2023-02-28", "2023-03-01")).toBe(1);
    expect(daysPastDue("2024-01-31", "2024-03-01")).toBe(30);
    expect(daysPastDue("2023-12-31", "2024-01-01")).toBe(1);
    expect(daysPastDue("2024-01-01", "2025-01-01")).toBe(366);
  });

  it("is negative when the due date is after the as-of date", () => {
    expect(daysPastDue("2024-07-10", AS_OF)).toBe(-10);
  });

  it("ignores the local time zone, across daylight-saving changes too", () => {
    // A local-time parse would lose or gain an hour across a DST change in many zones.
    expect(daysPastDue("2024-03-09", "2024-03-11")).toBe(2);
    expect(daysPastDue("2024-10-26", "2024-11-04")).toBe(9);
  });

  it("refuses what is not a calendar date", () => {
    for (const bad of ["2024-02-30", "2023-02-29", "2024-13-01", "2024-6-30", "2024-06-30T00:00:00Z", ""]) {
      expect(() => daysPastDue(bad, AS_OF)).toThrow(RangeError);
    }
    expect(daysPastDue("2024-02-29", "2024-03-01")).toBe(1);
  });
});

describe("agingBucket", () => {
  it("puts each boundary day in the right bucket", () => {
    const cases: [number, string][] = [
      [-5, "current"],
      [0, "current"],
      [1, "1-30"],
      [30, "1-30"],
      [31, "31-60"],
      [60, "31-60"],
      [61, "61-90"],
      [90, "61-90"],
      [91, "90+"],
      [400, "90+"],
    ];
    for (const [days, bucket] of cases) expect(agingBucket(days), `${days} days`).toBe(bucket);
  });

  it("buckets by the dates of an as-of day, boundary by boundary", () => {
    const dueDaysBefore = (days: number) => {
      const date = new Date(Date.UTC(2024, 5, 30 - days));
      return date.toISOString().slice(0, 10);
    };
    expect(dueDaysBefore(91)).toBe("2024-03-31");
    for (const [days, bucket] of [
      [0, "current"],
      [30, "1-30"],
      [31, "31-60"],
      [60, "31-60"],
      [61, "61-90"],
      [90, "61-90"],
      [91, "90+"],
    ] as const) {
      expect(agingBucket(daysPastDue(dueDaysBefore(days), AS_OF)), `${days} days`).toBe(bucket);
    }
  });

  it("has a label for every bucket", () => {
    expect(AGING_BUCKETS.map((b) => AGING_BUCKET_LABELS[b])).toEqual(["Current", "1–30 days", "31–60 days", "61–90 days", "Over 90 days"]);
  });
});

describe("ageItems", () => {
  const item = (party: string, dueDate: string, openAmount: string, isRetainage = false): AgingItem => ({ party, dueDate, openAmount, isRetainage });

  const items: AgingItem[] = [
    item("Acme Builders", "2024-07-15", "1000.00"), // not yet due → current
    item("Acme Builders", "2024-06-30", "0.10"), // due today → current
    item("Birch Owners LLC", "2024-06-29", "250.25"), // 1 day → 1-30
    item("Acme Builders", "2024-05-31", "0.20"), // 30 days → 1-30
    item("Acme Builders", "2024-05-30", "500.00"), // 31 days → 31-60
    item("Birch Owners LLC", "2024-04-01", "1234.56"), // 90 days → 61-90
    item("Birch Owners LLC", "2024-03-31", "99.99"), // 91 days → 90+
    item("Acme Builders", "2024-01-15", "5000.00", true), // retainage, 167 days → 90+
    item("Cedar Holdings", "2024-12-31", "7500.00", true), // retainage, not yet due → current
    item("Acme Builders", "2024-06-10", "300.00", true), // retainage, 20 days → 1-30
  ];

  it("groups open items by party in the order parties first appear", () => {
    const { open } = ageItems(items, AS_OF);
    expect(open.rows.map((r) => r.party)).toEqual(["Acme Builders", "Birch Owners LLC"]);
    expect(amountsOf(open.rows[0])).toEqual(["1000.10", "0.20", "500.00", "0.00", "0.00", "1500.30"]);
    expect(amountsOf(open.rows[1])).toEqual(["0.00", "250.25", "0.00", "1234.56", "99.99", "1584.80"]);
    expect(amountsOf(open.totals)).toEqual(["1000.10", "250.45", "500.00", "1234.56", "99.99", "3085.10"]);
  });

  it("ages retainage separately, by its own due date", () => {
    const { retainage, total } = ageItems(items, AS_OF);
    expect(retainage.rows.map((r) => r.party)).toEqual(["Acme Builders", "Cedar Holdings"]);
    expect(amountsOf(retainage.rows[0])).toEqual(["0.00", "300.00", "0.00", "0.00", "5000.00", "5300.00"]);
    expect(amountsOf(retainage.rows[1])).toEqual(["7500.00", "0.00", "0.00", "0.00", "0.00", "7500.00"]);
    expect(amountsOf(retainage.totals)).toEqual(["7500.00", "300.00", "0.00", "0.00", "5000.00", "12800.00"]);
    expect(total).toBe("15885.10");
  });

  it("totals equal the sum of the buckets and of the rows, to the cent", () => {
    const report = ageItems(items, AS_OF);
    for (const section of [report.open, report.retainage]) {
      for (const amounts of [...section.rows, section.totals]) {
        expect(cents(amounts.total)).toBe(AGING_BUCKETS.reduce((sum, b) => sum + cents(amounts.buckets[b]), 0n));
      }
      for (const bucket of AGING_BUCKETS) {
        expect(cents(section.totals.buckets[bucket])).toBe(section.rows.reduce((sum, r) => sum + cents(r.buckets[bucket]), 0n));
      }
      expect(cents(section.totals.total)).toBe(section.rows.reduce((sum, r) => sum + cents(r.total), 0n));
    }
    const inputTotal = items.reduce((sum, i) => sum + cents(i.openAmount as string), 0n);
    expect(cents(report.total)).toBe(inputTotal);
  });

  it("adds exactly where floats would not (0.10 + 0.20)", () => {
    const { open } = ageItems([item("Acme", "2024-06-01", "0.10"), item("Acme", "2024-06-02", "0.20")], AS_OF);
    expect(open.totals.buckets["1-30"]).toBe("0.30");
    expect(open.totals.total).toBe("0.30");
  });

  it("an empty list gives empty sections with zero totals", () => {
    const report = ageItems([], AS_OF);
    expect(report.open.rows).toEqual([]);
    expect(amountsOf(report.retainage.totals)).toEqual(["0.00", "0.00", "0.00", "0.00", "0.00", "0.00"]);
    expect(report.total).toBe("0.00");
  });
});
