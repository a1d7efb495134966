import { index, route, type RouteConfig } from "@remix-run/route-config";

/** The URL table: every URL points into the route module of the domain that owns it. */
export default [
  index("domains/platform/routes/home.tsx"),
  route("status", "domains/platform/routes/status.tsx"),
  route("healthz", "domains/platform/routes/healthz.ts"),
  route("readyz", "domains/platform/routes/readyz.ts"),

  route("signup", "domains/identity/routes/signup.tsx"),
  route("login", "domains/identity/routes/login.tsx"),
  route("logout", "domains/identity/routes/logout.ts"),
  route("verify-email", "domains/identity/routes/verify-email.tsx"),
  route("forgot-password", "domains/identity/routes/forgot-password.tsx"),
  route("reset-password", "domains/identity/routes/reset-password.tsx"),
  route("settings/sessions", "domains/identity/routes/settings-sessions.tsx"),
  route("settings/password", "domains/identity/routes/settings-password.tsx"),

  route("settings/members", "domains/organizations/routes/settings-members.tsx"),
  route("settings/organization", "domains/organizations/routes/settings-organization.tsx"),
  route("settings/organization/logo", "domains/organizations/routes/organization-logo.ts"),
  route("organizations/switch", "domains/organizations/routes/switch-organization.ts"),
  route("invite/:token", "domains/organizations/routes/invite.tsx"),

  route("audit", "domains/audit/routes/audit.tsx"),
  route("audit/export.xlsx", "domains/audit/routes/audit-export.ts"),

  route("*", "domains/platform/routes/not-found.tsx"),
] satisfies RouteConfig;
