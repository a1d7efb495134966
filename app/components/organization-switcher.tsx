import { useLocation } from "react-router";
import { PostForm } from "./forms";

/** Active organization; with several, a select + button that POSTs the switch (works without JS). */
export function OrganizationSwitcher({ organizations, activeId }: { organizations: { id: string; name: string }[]; activeId: string | null }) {
  const location = useLocation();
  const active = organizations.find((o) => o.id === activeId);
  if (organizations.length <= 1)
    return (
      <span className="text-white/90" data-testid="organization-name">
        {active?.name ?? "No organization"}
      </span>
    );
  return (
    <PostForm action="/organizations/switch" className="flex items-center gap-2">
      <input type="hidden" name="redirectTo" value={location.pathname} />
      <label htmlFor="organization-switcher" className="sr-only">
        Organization
      </label>
      <select
        id="organization-switcher"
        name="organizationId"
        defaultValue={activeId ?? undefined}
        className="rounded border border-white/30 bg-brand-900 px-2 py-1 text-white"
        data-testid="organization-switcher"
      >
        {organizations.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <span className="sr-only" data-testid="organization-name">
        {active?.name}
      </span>
      <button type="submit" className="rounded bg-white/15 px-2 py-1 hover:bg-white/25">
        Switch
      </button>
    </PostForm>
  );
}
