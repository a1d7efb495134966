/** The results page's groups: each hit links to its record, the matched text marked. */
import { formatAmount } from "~/utils/money";
import { KIND_INFO, resultHref } from "./search-kinds";
import { hasMark, highlight, searchAmount, type Segment } from "./search-query";
import type { SearchGroup, SearchHit } from "./search.server";

export function ResultGroup({ group, query }: { group: SearchGroup; query: string }) {
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
      <a href={resultHref(hit.kind, hit.id, hit.number)} className="min-w-0 font-medium text-brand-700 hover:underline">
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
