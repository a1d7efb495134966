import { NavLink } from "react-router";

const TABS = [
  { to: "/audit", label: "Changes" },
  { to: "/audit/access", label: "Data access" },
];

/** Switches between the two audit trails: changes (audit_events) and reads (data_access_events). */
export function AuditTabs() {
  return (
    <nav aria-label="Audit trails" className="mt-4 flex gap-4 border-b border-slate-200 text-sm">
      {TABS.map((tab) => (
        <NavLink
          key={tab.to}
          to={tab.to}
          end
          className={({ isActive }) => `-mb-px border-b-2 px-1 pb-2 ${isActive ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}
