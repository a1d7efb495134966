import { Link, useLocation } from "react-router";
import { useEffect, useRef, type ReactNode } from "react";
import { SearchBox } from "~/domains/search/search-box";
import type { PermissionKey } from "~/utils/permissions";
import { FlashMessage } from "./flash-message";
import { OrganizationSwitcher } from "./organization-switcher";
import { UserMenu } from "./user-menu";
import { VerifyEmailBanner } from "./verify-email-banner";
import { HeaderInbox } from "~/domains/notifications/header-inbox";
import { OutboxStatus } from "./offline/outbox-status";

export interface Viewer {
  name: string;
  email: string;
  emailVerified: boolean;
  organizations: { id: string; name: string }[];
  active: { id: string; name: string; role: string } | null;
  permissions: PermissionKey[];
}

interface NavItem {
  to: string;
  label: string;
  permission?: PermissionKey;
}

/** The main navigation in groups; each item shows only to members holding its permission. */
const navigation: { group: string | null; items: NavItem[] }[] = [
  {
    group: null,
    items: [
      { to: "/", label: "Home" },
      { to: "/projects", label: "Projects", permission: "projects:read" },
      { to: "/approvals", label: "Approvals", permission: "organization:read" },
    ],
  },
  {
    group: "Finance",
    items: [
      { to: "/payables", label: "Payables", permission: "payables:read" },
      { to: "/payables/aging", label: "Payables aging", permission: "payables:read" },
      { to: "/pay-apps", label: "Pay apps", permission: "receivables:read" },
      { to: "/receivables/aging", label: "Receivables aging", permission: "receivables:read" },
      { to: "/wip", label: "WIP", permission: "wip:read" },
    ],
  },
  {
    group: "Lists",
    items: [
      { to: "/vendors", label: "Vendors", permission: "vendors:read" },
      { to: "/cost-codes", label: "Cost codes", permission: "cost_codes:read" },
      { to: "/checklists", label: "Checklists", permission: "field:read" },
      { to: "/imports", label: "Imports", permission: "imports:run" },
    ],
  },
  {
    group: "Admin",
    items: [
      { to: "/settings/members", label: "Members", permission: "members:read" },
      { to: "/settings/organization", label: "Organization", permission: "organization:read" },
      { to: "/settings/approvals", label: "Approval rules", permission: "approvals:manage" },
      { to: "/audit", label: "Audit log", permission: "audit:read" },
      { to: "/status", label: "Status", permission: "platform:status" },
    ],
  },
];

/** The groups and items this viewer may use (empty groups left out). */
export function visibleNavigation(permissions: readonly PermissionKey[] | null) {
  return navigation
    .map(({ group, items }) => ({ group, items: items.filter((i) => !i.permission || permissions?.includes(i.permission)) }))
    .filter((g) => g.items.length > 0);
}

/** The item the path belongs to: the longest `to` that is the path or a parent of it ("/payables/aging" over "/payables"). */
export function activeNavTarget(pathname: string, targets: string[]) {
  const matches = targets.filter((to) => (to === "/" ? pathname === "/" : pathname === to || pathname.startsWith(`${to}/`)));
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}

interface Props {
  children: ReactNode;
  viewer: Viewer | null;
  flash: { kind: "success" | "info" | "error"; message: string } | null;
}

/**
 * Header, banners, the page. At desktop width (lg, 1024 px and up) the grouped navigation is a row
 * under the top bar; narrower, it collapses behind a "Menu" `<details>` toggle that works without
 * JavaScript (the nav is the toggle's CSS `peer`, shown while it is open; with JavaScript the menu
 * also closes after a navigation). The top bar's right side is a wrapping flex row: header items
 * (search, inbox, …) go in it, before the organization switcher.
 */
export function AppShell({ children, viewer, flash }: Props) {
  const groups = visibleNavigation(viewer?.permissions ?? null);
  const { pathname } = useLocation();
  const active = activeNavTarget(pathname, groups.flatMap((g) => g.items.map((i) => i.to)));
  const menu = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [pathname]);
  return (
    <div className="min-h-full">
      <header className="bg-brand-900 text-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <a href="/" className="text-lg font-semibold tracking-tight">
            SECG ERP
          </a>
          <details ref={menu} className="peer ml-auto lg:hidden" data-testid="nav-menu">
            <summary className="cursor-pointer list-none rounded bg-white/15 px-3 py-1.5 text-sm font-medium select-none hover:bg-white/25 [&::-webkit-details-marker]:hidden">
              Menu
            </summary>
          </details>
          <div className="flex min-w-0 basis-full flex-wrap items-center gap-x-4 gap-y-2 text-sm max-lg:order-last lg:ml-auto lg:basis-auto lg:justify-end">
            {viewer ? (
              <>
                {viewer.active ? <SearchBox /> : null}
                <HeaderInbox />
                <OutboxStatus />
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
          <nav
            aria-label="Main"
            className="hidden basis-full flex-col gap-3 border-t border-white/15 pt-3 text-sm peer-open:flex lg:flex lg:flex-row lg:flex-wrap lg:items-center lg:gap-x-4 lg:gap-y-1 lg:pt-2"
          >
            {groups.map(({ group, items }) => (
              <div key={group ?? "main"} className="flex flex-col gap-1 lg:flex-row lg:flex-wrap lg:items-center">
                {group ? <span className="px-3 text-xs font-semibold tracking-wide text-white/50 uppercase lg:px-1">{group}</span> : null}
                <ul className="grid grid-cols-2 gap-1 sm:grid-cols-3 lg:flex lg:flex-wrap">
                  {items.map((item) => (
                    <li key={item.to}>
                      <Link
                        to={item.to}
                        aria-current={item.to === active ? "page" : undefined}
                        className={`block rounded px-3 py-2 whitespace-nowrap lg:py-1.5 ${item.to === active ? "bg-white/15 font-medium" : "text-white/80 hover:bg-white/10"}`}
                      >
                        {item.label}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
        </div>
      </header>
      {viewer && !viewer.emailVerified ? <VerifyEmailBanner email={viewer.email} /> : null}
      {flash ? <FlashMessage flash={flash} /> : null}
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
