import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, todayIn } from "./org-format";

// ICU versions differ in the space before "PM" (U+202F or U+0020): compare with plain spaces.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");

describe("dates in the organization's locale", () => {
  it("writes a calendar date in each locale's medium format, never shifted by a zone", () => {
    expect(formatDate("2026-12-07", { locale: "en-US", timeZone: "Pacific/Kiritimati" })).toBe("Dec 7, 2026");
    expect(formatDate("2026-12-07", { locale: "en-GB", timeZone: "Pacific/Pago_Pago" })).toBe("7 Dec 2026");
    expect(formatDate("2026-01-31", { locale: "en-CA", timeZone: "UTC" })).toBe("Jan 31, 2026");
  });

  it("leaves what is not a date as it is", () => {
    expect(formatDate("soon")).toBe("soon");
    expect(formatDateTime("2026-12-07")).toBe("2026-12-07");
  });
});

describe("times in the organization's zone", () => {
  it("shows an instant at the organization's wall-clock time with the zone's name", () => {
    const instant = "2026-12-07T15:45:00.000Z";
    expect(plain(formatDateTime(instant, { locale: "en-US", timeZone: "America/New_York" }))).toBe("Dec 7, 2026, 10:45 AM EST");
    expect(plain(formatDateTime(instant, { locale: "en-US", timeZone: "America/Los_Angeles" }))).toBe("Dec 7, 2026, 7:45 AM PST");
    expect(plain(formatDateTime(instant, { locale: "en-GB", timeZone: "UTC" }))).toBe("7 Dec 2026, 15:45 UTC");
  });

  it("crosses midnight with the zone: late evening in New York is the next day in UTC", () => {
    expect(plain(formatDateTime("2026-12-08T02:30:00Z", { locale: "en-US", timeZone: "America/New_York" }))).toBe("Dec 7, 2026, 9:30 PM EST");
    expect(todayIn("America/New_York", new Date("2026-12-08T02:30:00Z"))).toBe("2026-12-07");
    expect(todayIn("Asia/Tokyo", new Date("2026-12-07T16:00:00Z"))).toBe("2026-12-08");
  });
});
