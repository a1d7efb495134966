import { NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { FlashMessage } from "./flash-message";

const navigation = [
  { to: "/", label: "Home", end: true },
  { to: "/status", label: "Status", end: false },
];

interface Props {
  children: ReactNode;
  organizationName: string | null;
  flash: { kind: "success" | "info" | "error"; message: string } | null;
}

/** Header, navigation, organization slot, flash message and the page. */
export function AppShell({ children, organizationName, flash }: Props) {
  return (
    <div className="min-h-full">
      <header className="bg-brand-900 text-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <a href="/" className="text-lg font-semibold tracking-tight">
            SECG ERP
          </a>
          <nav aria-label="Main" className="flex gap-1 text-sm">
            {navigation.map((item) => (
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
          <div className="ml-auto text-sm text-white/80" data-testid="organization-name">
            {organizationName ?? "No organization selected"}
          </div>
        </div>
      </header>
      {flash ? <FlashMessage flash={flash} /> : null}
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
