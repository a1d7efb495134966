import { describe, expect, it } from "vitest";
import { describeSchedule, duePeriod, isoWeek } from "./schedule-period";

describe("when a scheduled view is due", () => {
  it("names ISO weeks, including the ones that straddle a year", () => {
    expect(isoWeek(2026, 12, 7)).toBe("2026-W50");
    expect(isoWeek(2027, 1, 1)).toBe("2026-W53");
    expect(isoWeek(2025, 12, 29)).toBe("2026-W01");
  });

  it("weekly: due from the chosen weekday and time in the organization's zone, not in UTC", () => {
    const monday7 = { frequency: "weekly" as const, day: 1, time: "07:00" };
    // Monday 2026-12-07 11:30 UTC is 06:30 in New York: not yet; 12:00 UTC is 07:00 there: due
    expect(duePeriod(monday7, new Date("2026-12-07T11:30:00Z"), "America/New_York")).toEqual({ period: "2026-W50", due: false });
    expect(duePeriod(monday7, new Date("2026-12-07T12:00:00Z"), "America/New_York")).toEqual({ period: "2026-W50", due: true });
    // Sunday 23:30 in Los Angeles is already Monday in UTC: still the previous week there, long due
    expect(duePeriod(monday7, new Date("2026-12-14T07:30:00Z"), "America/Los_Angeles")).toEqual({ period: "2026-W50", due: true });
    expect(duePeriod({ ...monday7, day: 5 }, new Date("2026-12-09T12:00:00Z"), "UTC").due).toBe(false);
  });

  it("monthly: due from the chosen day of the month", () => {
    const fifth = { frequency: "monthly" as const, day: 5, time: "18:00" };
    expect(duePeriod(fifth, new Date("2026-12-04T23:00:00Z"), "UTC")).toEqual({ period: "2026-12", due: false });
    expect(duePeriod(fifth, new Date("2026-12-05T18:00:00Z"), "UTC")).toEqual({ period: "2026-12", due: true });
    expect(duePeriod(fifth, new Date("2027-01-01T03:00:00Z"), "America/Chicago")).toEqual({ period: "2026-12", due: true });
    expect(describeSchedule(fifth)).toBe("Monthly on day 5 at 18:00");
  });
});
