import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, useLoaderData } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { formatAmount } from "~/utils/money";
import { KIND_INFO, resultHref, visibleKinds } from "../search-kinds";
import { hasMark, highlight, SEARCH_MIN, searchAmount, searchText, type Segment } from "../search-query";
import { searchRecords, type SearchGroup, type SearchHit } from "../search.server";

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
  const groups = await withTenant(member.tenant, (tx) => searchRecords(tx, member.tenant.organizationId, query, kinds));
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

function ResultGroup({ group, query }: { group: SearchGroup; query: string }) {
  const label = KIND_INFO[group.kind].label;
  return (
    <section aria-labelledby={`results-${group.kind}`} className="space-y-2" data-kind={group.kind}>
      <h2 id={`results-${group.kind}`} className="text-lg font-semibold">
        {label} <span className="text-sm font-normal text-slate-500">({group.more ? `best ${group.hits.length}` : group.hits.length})</span>
      </h2>
      <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
        {group.hits.map((hit) => (
          <Result key={hit.id} hit={hit} query={query} />
        ))}
      </ul>
    </section>
  );
}

function Result({ hit, query }: { hit: SearchHit; query: string }) {
  const number = highlight(hit.number, query);
  const title = highlight(hit.title, query);
  const detail = highlight(hit.detail, query);
  // The amount the query names (it may be one of several the record holds, e.g. an invoice's amount due).
  const matchedAmount = hit.amountMatch ? searchAmount(query) : null;
  const showDetail = hit.detail !== "" && (hasMark(detail) || !hasMark(title));
  return (
    <li className="flex flex-wrap items-baseline gap-x-4 gap-y-1 px-4 py-3">
      <a href={resultHref(hit.kind, hit.id, hit.number, hit.title)} className="min-w-0 font-medium text-brand-700 hover:underline">
        {hit.number ? (
          <span className="mr-2 whitespace-nowrap font-mono text-sm">
            <Marked segments={number} />
          </span>
        ) : null}
        <Marked segments={title} />
      </a>
      {hit.context ? <span className="text-sm text-slate-500">{hit.context}</span> : null}
      {showDetail ? (
        <span className="min-w-0 basis-full text-sm text-slate-600">
          <Marked segments={detail} />
        </span>
      ) : null}
      {matchedAmount ? (
        <span className="ml-auto whitespace-nowrap text-sm tabular-nums">
          <mark>{formatAmount(matchedAmount)}</mark>
        </span>
      ) : hit.amount !== null ? (
        <span className="ml-auto whitespace-nowrap text-sm tabular-nums">{formatAmount(hit.amount)}</span>
      ) : null}
    </li>
  );
}

/** Text and <mark> elements: React escapes every segment, so record text is never HTML. */
function Marked({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((segment, i) => (segment.mark ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>))}
    </>
  );
}
