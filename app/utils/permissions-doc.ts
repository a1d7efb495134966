import { writeFileSync } from "node:fs";
import { PERMISSION_KEYS, PERMISSIONS, ROLE_LABELS, ROLES, can } from "./permissions";

export const PERMISSIONS_DOC = "docs/permissions.md";

/** docs/permissions.md, generated from the one role → key map (a test keeps it in sync). */
export function renderPermissionsDoc() {
  const header = `| Permission key | What it allows | ${ROLES.map((r) => ROLE_LABELS[r]).join(" | ")} |`;
  const rule = `|---|---|${ROLES.map(() => ":-:").join("|")}|`;
  const rows = PERMISSION_KEYS.map(
    (key) => `| \`${key}\` | ${PERMISSIONS[key].label} | ${ROLES.map((role) => (can(role, key) ? "✓" : "")).join(" | ")} |`,
  );
  return [
    "# Permissions by role",
    "",
    "Generated from `app/utils/permissions.ts` by `npm run docs:permissions`; do not edit by hand.",
    "Routes and services check these keys (`requireMember(request, key)`), never role names.",
    "",
    header,
    rule,
    ...rows,
    "",
  ].join("\n");
}

export function writePermissionsDoc() {
  writeFileSync(PERMISSIONS_DOC, renderPermissionsDoc());
}
