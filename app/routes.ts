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

  route("cost-codes", "domains/cost-codes/routes/cost-codes.tsx"),
  route("cost-codes/export.xlsx", "domains/cost-codes/routes/cost-codes-export.ts"),
  route("vendors", "domains/vendors/routes/vendors.tsx"),
  route("vendors/export.xlsx", "domains/vendors/routes/vendors-export.ts"),
  route("projects", "domains/projects/routes/projects.tsx"),
  route("projects/export.xlsx", "domains/projects/routes/projects-export.ts"),
  route("projects/new", "domains/projects/routes/project-new.tsx"),
  route("projects/:projectId", "domains/projects/routes/project-overview.tsx"),
  route("projects/:projectId/edit", "domains/projects/routes/project-edit.tsx"),

  route("projects/:projectId/budget", "domains/budgets/routes/budget.tsx"),
  route("projects/:projectId/budget/export.xlsx", "domains/budgets/routes/budget-export.ts"),
  route("projects/:projectId/job-cost", "domains/budgets/routes/job-cost.tsx"),
  route("projects/:projectId/job-cost/export.xlsx", "domains/budgets/routes/job-cost-export.ts"),

  route("projects/:projectId/contract", "domains/contracts/routes/contract.tsx"),
  route("projects/:projectId/contract/export.xlsx", "domains/contracts/routes/contract-export.ts"),
  route("projects/:projectId/commitments", "domains/commitments/routes/commitments.tsx"),
  route("projects/:projectId/commitments/export.xlsx", "domains/commitments/routes/commitments-export.ts"),
  route("projects/:projectId/commitments/new", "domains/commitments/routes/commitment-new.tsx"),
  route("commitments/:commitmentId", "domains/commitments/routes/commitment.tsx"),

  route("projects/:projectId/change-orders", "domains/change-orders/routes/change-orders.tsx"),
  route("projects/:projectId/change-orders/export.xlsx", "domains/change-orders/routes/change-orders-export.ts"),
  route("projects/:projectId/change-orders/new", "domains/change-orders/routes/change-order-new.tsx"),
  route("change-orders/:changeOrderId", "domains/change-orders/routes/change-order.tsx"),
  route("approvals", "domains/approvals/routes/approvals.tsx"),
  route("settings/approvals", "domains/approvals/routes/settings-approvals.tsx"),

  route("payables", "domains/payables/routes/payables.tsx"),
  route("payables/export.xlsx", "domains/payables/routes/payables-export.ts"),
  route("payables/new", "domains/payables/routes/payable-new.tsx"),
  route("payables/aging", "domains/payables/routes/payables-aging.tsx"),
  route("payables/aging/export.xlsx", "domains/payables/routes/payables-aging-export.ts"),
  route("payables/:invoiceId", "domains/payables/routes/payable.tsx"),
  route("payables/:invoiceId/payments", "domains/payables/routes/payable-payments.tsx"),
  route("pay-apps", "domains/receivables/routes/pay-apps.tsx"),
  route("pay-apps/export.xlsx", "domains/receivables/routes/pay-apps-export.ts"),
  route("projects/:projectId/pay-apps", "domains/receivables/routes/project-pay-apps.tsx"),
  route("pay-apps/:payAppId", "domains/receivables/routes/pay-app.tsx"),
  route("pay-apps/:payAppId/release-retainage", "domains/receivables/routes/pay-app-release.tsx"),
  route("pay-apps/:payAppId/g702.pdf", "domains/receivables/routes/pay-app-pdf.ts"),
  route("pay-apps/:payAppId/g702.xlsx", "domains/receivables/routes/pay-app-xlsx.ts"),
  route("receivables/aging", "domains/receivables/routes/receivables-aging.tsx"),
  route("receivables/aging/export.xlsx", "domains/receivables/routes/receivables-aging-export.ts"),
  route("wip", "domains/wip/routes/wip.tsx"),
  route("wip/export.xlsx", "domains/wip/routes/wip-export.ts"),

  route("imports/templates/masterfile.xlsx", "domains/imports/routes/masterfile-template.ts"),

  route("audit", "domains/audit/routes/audit.tsx"),
  route("audit/export.xlsx", "domains/audit/routes/audit-export.ts"),

  route("*", "domains/platform/routes/not-found.tsx"),
] satisfies RouteConfig;
