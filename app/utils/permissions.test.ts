import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { can, PERMISSION_KEYS, permissionsOf, ROLES } from "./permissions";
import { PERMISSIONS_DOC, renderPermissionsDoc } from "./permissions-doc";

describe("permissions", () => {
  it("keys are resource:action and every role can at least read its organization", () => {
    for (const key of PERMISSION_KEYS) expect(key).toMatch(/^[a-z_]+:[a-z_]+$/);
    for (const role of ROLES) expect(can(role, "organization:read")).toBe(true);
  });

  it("gives owners everything and viewers and field staff no management or audit keys", () => {
    expect(permissionsOf("owner")).toEqual(PERMISSION_KEYS);
    for (const role of ["viewer", "field", "project_manager"] as const) {
      expect(can(role, "audit:read")).toBe(false);
      expect(can(role, "members:invite")).toBe(false);
    }
    expect(can("admin", "members:manage_owners")).toBe(false);
    expect(can(null, "organization:read")).toBe(false);
  });

  it("lets finance set jobs up but keeps people, policies, voiding change orders and the platform with owners and admins", () => {
    for (const key of ["projects:create", "projects:update", "budgets:edit", "budgets:lock", "contracts:manage", "commitments:manage", "cost_codes:manage", "vendors:manage"] as const)
      expect(can("finance", key)).toBe(true);
    expect(PERMISSION_KEYS.filter((key) => !can("finance", key))).toEqual([
      "organization:update",
      "members:read",
      "members:invite",
      "members:manage",
      "members:manage_owners",
      "platform:status",
      "change_orders:void",
      "approvals:manage",
      // Finance reads the field's records but does not write them.
      "daily_logs:write",
      "photos:upload",
      "punch:manage",
      "punch:close",
      "inspections:run",
      "checklists:manage",
      "schedule:manage",
    ]);
  });

  it("gives the field role its project work and no money", () => {
    for (const key of ["field:read", "daily_logs:write", "photos:upload", "punch:manage", "inspections:run"] as const)
      expect(can("field", key)).toBe(true);
    for (const key of ["budgets:read", "contracts:read", "commitments:read", "payables:read", "receivables:read", "wip:read", "punch:close"] as const)
      expect(can("field", key)).toBe(false);
  });

  it("opens every project to every role but field, whose members open the projects they are on the team of", () => {
    expect(ROLES.filter((role) => !can(role, "projects:all"))).toEqual(["field"]);
    expect(can("field", "projects:read")).toBe(true);
  });

  it(`${PERMISSIONS_DOC} matches the map (run npm run docs:permissions after changing it)`, () => {
    expect(readFileSync(PERMISSIONS_DOC, "utf8")).toBe(renderPermissionsDoc());
  });
});
