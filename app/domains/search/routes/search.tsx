import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, useLoaderData } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { projectScopeOf, withoutClosedProjects } from "~/domains/projects/project-scope.server";
import { visibleKinds } from "../search-kinds";
import { SEARCH_MIN, searchText } from "../search-query";
import { ResultGroup } from "../search-results";
import { searchRecords, type SearchGroup } from "../search.server";

export const meta: MetaFunction = () => [{ title: "Search · SECG ERP" }];

type Answer = { query: string; message: string | null; groups: SearchGroup[] };

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "organization:read");
  const parsed = searchText.safeParse(new URL(request.url).searchParams.get("q") ?? "");
  if (!parsed.success) return data<Answer>({ query: "", message: parsed.error.issues[0].message, groups: [] }, { status: 400 });
  const query = parsed.data;
  if (query === "") return { query, message: null, groups: [] } satisfies Answer;
  if (query.length < SEARCH_MIN) return { query, message: `Type at least ${SEARCH_MIN} characters.`, groups: [] } satisfies Answer;
  const kinds = visibleKinds(member.active.role);
  const groups = await withTenant(member.tenant, async (tx) => withoutClosedProjects(tx, await searchRecords(tx, member.tenant.organizationId, query, kinds), projectScopeOf(member)));
  return { query, message: groups.length ? null : `Nothing matches “${query}”.`, groups } satisfies Answer;
}

export default function Search() {
  const { query, message, groups } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Search</h1>
        <p className="mt-1 text-sm text-slate-600">
          Projects, vendors, commitments, change orders, vendor invoices, pay applications, cost codes and people — by number, name, description or amount.
        </p>
      </div>
      <form method="get" action="/search" role="search" className="flex max-w-xl gap-2">
        <label htmlFor="search-page-q" className="sr-only">
          Search for
        </label>
        <input
          id="search-page-q"
          name="q"
          type="search"
          defaultValue={query}
          maxLength={100}
          placeholder="Number, name, description or amount"
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-2"
        />
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Search
        </button>
      </form>
      {message ? <p className="text-slate-700">{message}</p> : null}
      {groups.map((group) => (
        <ResultGroup key={group.kind} group={group} query={query} />
      ))}
    </section>
  );
}
