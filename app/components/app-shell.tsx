import { NavLink } from "react-router";
import type { ReactNode } from "react";
import type { PermissionKey } from "~/utils/permissions";
import { FlashMessage } from "./flash-message";
import { OrganizationSwitcher } from "./organization-switcher";
import { UserMenu } from "./user-menu";
import { VerifyEmailBanner } from "./verify-email-banner";
import { HeaderInbox } from "~/domains/notifications/header-inbox";

export interface Viewer {
  name: string;
  email: string;
  emailVerified: boolean;
  organizations: { id: string; name: string }[];
  active: { id: string; name: string; role: string } | null;
  permissions: PermissionKey[];
}

const navigation: { to: string; label: string; end?: boolean; permission?: PermissionKey }[] = [
  { to: "/", label: "Home", end: true },
  { to: "/projects", label: "Projects", permission: "projects:read" },
  { to: "/payables", label: "Payables", permission: "payables:read" },
  { to: "/pay-apps", label: "Pay apps", permission: "receivables:read" },
  { to: "/wip", label: "WIP", permission: "wip:read" },
  { to: "/approvals", label: "Approvals", permission: "organization:read" },
  { to: "/vendors", label: "Vendors", permission: "vendors:read" },
  { to: "/cost-codes", label: "Cost codes", permission: "cost_codes:read" },
  { to: "/imports", label: "Imports", permission: "imports:run" },
  { to: "/settings/members", label: "Members", permission: "members:read" },
  { to: "/settings/organization", label: "Organization", permission: "organization:read" },
  { to: "/settings/approvals", label: "Approval rules", permission: "approvals:manage" },
  { to: "/audit", label: "Audit log", permission: "audit:read" },
  { to: "/status", label: "Status", permission: "platform:status" },
];

interface Props {
  children: ReactNode;
  viewer: Viewer | null;
  flash: { kind: "success" | "info" | "error"; message: string } | null;
}

/** Header (navigation the user may use, organization switcher, account menu), banners, the page. */
export function AppShell({ children, viewer, flash }: Props) {
  const items = navigation.filter((i) => !i.permission || viewer?.permissions.includes(i.permission));
  return (
    <div className="min-h-full">
      <header className="bg-brand-900 text-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <a href="/" className="text-lg font-semibold tracking-tight">
            SECG ERP
          </a>
          <nav aria-label="Main" className="flex flex-wrap gap-1 text-sm">
            {items.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.end}
                className={({ isActive }) =>
                  `rounded px-3 py-1.5 ${isActive ? "bg-white/15 font-medium" : "text-white/80 hover:bg-white/10"}`
                }
              >
                {item.label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex flex-wrap items-center gap-4 text-sm">
            {viewer ? (
              <>
                <HeaderInbox />
                <OrganizationSwitcher organizations={viewer.organizations} activeId={viewer.active?.id ?? null} />
                <UserMenu name={viewer.name} />
              </>
            ) : (
              <>
                <a href="/login" className="text-white/90 hover:underline">
                  Sign in
                </a>
                <a href="/signup" className="rounded bg-white/15 px-3 py-1.5 hover:bg-white/25">
                  Create an account
                </a>
              </>
            )}
          </div>
        </div>
      </header>
      {viewer && !viewer.emailVerified ? <VerifyEmailBanner email={viewer.email} /> : null}
      {flash ? <FlashMessage flash={flash} /> : null}
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
