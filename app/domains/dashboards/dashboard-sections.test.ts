import { describe, expect, it } from "vitest";
import { can } from "~/utils/permissions";
import { dashboardSections, SECTION_KEYS } from "./dashboard-sections";
import { addDays, dashboardLinks } from "./dashboard-links";

describe("dashboard sections by permission keys", () => {
  it("gives each role the sections its keys allow", () => {
    expect(dashboardSections("owner", false)).toEqual(["finance", "executive"]);
    expect(dashboardSections("finance", false)).toEqual(["finance", "executive"]);
    expect(dashboardSections("project_manager", true)).toEqual(["projectManager"]);
    expect(dashboardSections("field", false)).toEqual(["field"]);
  });

  it("adds my projects for a finance member who manages one, and shows a project manager an empty list rather than nothing", () => {
    expect(dashboardSections("owner", true)).toEqual(["finance", "projectManager", "executive"]);
    expect(dashboardSections("project_manager", false)).toEqual(["projectManager"]);
  });

  it("never shows a section to a role missing one of its keys", () => {
    for (const role of ["owner", "admin", "finance", "project_manager", "field", "viewer"] as const)
      for (const section of dashboardSections(role, true)) for (const key of SECTION_KEYS[section]) expect(can(role, key), `${role} ${section} ${key}`).toBe(true);
    expect(dashboardSections("viewer", false)).not.toContain("finance");
    expect(dashboardSections("field", true)).not.toContain("projectManager");
  });
});

describe("drill-down links", () => {
  it("filters approved vendor invoices by due date with the list's own filter keys", () => {
    const url = new URL(dashboardLinks.approvedPayables({ from: "2026-12-07", to: addDays("2026-12-07", 7) }), "http://x.invalid");
    expect(url.pathname).toBe("/payables");
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ "f.status": "approved", "f.dueDate.from": "2026-12-07", "f.dueDate.to": "2026-12-14" });
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});
