import { NavLink } from "react-router";

export type SectionTab = { to: string; label: string };

/** Receivables: the pay applications and their aging; payables: the vendor invoices and theirs. */
export const RECEIVABLES_TABS: SectionTab[] = [
  { to: "/pay-apps", label: "Pay applications" },
  { to: "/receivables/aging", label: "Receivables aging" },
];
export const PAYABLES_TABS: SectionTab[] = [
  { to: "/payables", label: "Vendor invoices" },
  { to: "/payables/aging", label: "Payables aging" },
];

/** Links between the pages of one area (a list and its report), the current one marked; plain links, so no JS is needed. */
export function SectionTabs({ label, tabs }: { label: string; tabs: SectionTab[] }) {
  return (
    <nav aria-label={label} className="flex gap-1 overflow-x-auto border-b border-slate-200 text-sm">
      {tabs.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end
          className={({ isActive }) =>
            `-mb-px border-b-2 px-3 py-2 whitespace-nowrap ${isActive ? "border-brand-700 font-medium text-brand-900" : "border-transparent text-slate-600 hover:text-brand-700"}`
          }
        >
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}
