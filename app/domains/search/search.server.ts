/**
 * The global search (ADR 0015). Candidates come from the search_terms index — btree equality on
 * (organization, term), usable under RLS — and are ranked on the records themselves: exact number
 * first, then an exact amount, then PostgreSQL full text (ts_rank), then trigram word similarity.
 * People are few per organization and their names live in the global users table: read directly.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import type { IndexedKind, ResultKind } from "./search-kinds";
import { searchAmount } from "./search-query";

/** A candidate by similarity holds at least this share of the query's trigrams in its number and name. */
export const MIN_OVERLAP = 0.6;
/** Candidates ranked per kind, before the page keeps the best `perKind`. */
const CANDIDATES_PER_KIND = 50;

export interface SearchHit {
  kind: ResultKind;
  id: string;
  number: string;
  title: string;
  detail: string;
  /** Project job number, vendor name: where the record belongs (not searched). */
  context: string;
  /** The record's main amount, when it has one. */
  amount: string | null;
  /** The query is the record's number (case-insensitive). */
  numberMatch: boolean;
  /** The query is an amount the record holds. */
  amountMatch: boolean;
  textMatch: boolean;
  rank: number;
  similarity: number;
}

const textArray = (values: string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;

/**
 * The candidates among the indexed kinds: records holding every word of the query (full text),
 * enough of its trigrams in their number and name (typos, parts of numbers), or its exact number
 * or amount, the best CANDIDATES_PER_KIND per kind (the statement the plan test and
 * the bench explain: it must enter search_terms by its primary key under RLS).
 */
export function candidatesStatement(organizationId: string, query: string, kinds: IndexedKind[]): SQL {
  const amount = searchAmount(query);
  const amounts = amount ? sql`array[${amount}]::numeric[]` : sql`'{}'::numeric[]`;
  return sql`
    with q as (
      select array(select app_private.search_terms_of(${query}, '', '', ${amounts})) as terms
    ), wanted as (
      select count(*) filter (where position(':' in t) = 0) as grams, count(*) filter (where left(t, 2) = 'w:') as words
      from q, unnest(q.terms) t
    ), candidates as (
      select s.kind, s.record_id,
        count(*) filter (where position(':' in s.term) = 0) as grams,
        count(*) filter (where left(s.term, 2) = 'w:') as words,
        bool_or(left(s.term, 2) = 'n:') as number_hit,
        bool_or(left(s.term, 2) = 'a:') as amount_hit
      from search_terms s
      where s.organization_id = ${organizationId} and s.term = any((select terms from q)::text[]) and s.kind = any(${textArray(kinds)})
      group by s.kind, s.record_id
    ), picked as (
      select c.*, row_number() over (partition by c.kind order by c.number_hit desc, c.amount_hit desc, c.words desc, c.grams desc, c.record_id) as pos
      from candidates c, wanted w
      where c.number_hit or c.amount_hit or (w.words > 0 and c.words = w.words)
        or (w.grams > 0 and c.grams >= ceil(w.grams * ${MIN_OVERLAP}::numeric))
    )
    select kind, record_id as id, number_hit as "numberHit", amount_hit as "amountHit" from picked where pos <= ${CANDIDATES_PER_KIND}`;
}

type Candidate = { kind: IndexedKind; id: string; numberHit: boolean; amountHit: boolean };

/**
 * The candidates' documents, scored. Each kind's ids are listed for its own branch of the
 * search_documents view, so every branch is a primary-key lookup (not a join over all records).
 */
function documentsStatement(organizationId: string, query: string, candidates: Candidate[]): SQL {
  const kinds = [...new Set(candidates.map((c) => c.kind))];
  const byKind = kinds.map((kind) => {
    const ids = candidates.filter((c) => c.kind === kind).map((c) => sql`${c.id}::uuid`);
    return sql`(d.kind = ${kind} and d.id in (${sql.join(ids, sql`, `)}))`;
  });
  const document = sql`concat_ws(' ', d.number, d.title, d.detail)`;
  const tsQuery = sql`websearch_to_tsquery('simple', ${query})`;
  return sql`
    select d.kind, d.id, coalesce(d.number, '') as number, d.title, d.detail, d.context, d.amount::text as amount,
      lower(btrim(d.number)) = lower(${query}) as "numberMatch",
      to_tsvector('simple', ${document}) @@ ${tsQuery} as "textMatch",
      ts_rank(to_tsvector('simple', ${document}), ${tsQuery})::float8 as rank,
      word_similarity(${query}, ${document})::float8 as similarity
    from search_documents d
    where d.organization_id = ${organizationId} and (${sql.join(byKind, sql` or `)})`;
}

async function indexedHits(tx: Tx, organizationId: string, query: string, kinds: IndexedKind[]): Promise<SearchHit[]> {
  const candidates = await queryRows<Candidate>(tx, candidatesStatement(organizationId, query, kinds));
  if (!candidates.length) return [];
  const hit = new Map(candidates.map((c) => [`${c.kind}:${c.id}`, c]));
  const documents = await queryRows<Omit<SearchHit, "amountMatch">>(tx, documentsStatement(organizationId, query, candidates));
  return documents.map((d) => ({ ...d, numberMatch: Boolean(d.numberMatch), amountMatch: hit.get(`${d.kind}:${d.id}`)?.amountHit ?? false }));
}

function peopleStatement(organizationId: string, query: string): SQL {
  const name = sql`concat_ws(' ', u.name, u.email)`;
  return sql`
    select 'person' as kind, u.id, '' as number, u.name as title, u.email as detail, m.role as context, null as amount,
      false as "numberMatch", false as "amountMatch",
      strpos(lower(${name}), lower(${query})) > 0 as "textMatch", 0::float8 as rank,
      word_similarity(${query}, ${name})::float8 as similarity
    from memberships m join users u on u.id = m.user_id
    where m.organization_id = ${organizationId}
      and (strpos(lower(${name}), lower(${query})) > 0 or word_similarity(${query}, ${name}) >= ${MIN_OVERLAP})`;
}

/** Best first: exact number, exact amount, full-text match and rank, then similarity. */
export function compareHits(a: SearchHit, b: SearchHit): number {
  return (
    Number(b.numberMatch) - Number(a.numberMatch) ||
    Number(b.amountMatch) - Number(a.amountMatch) ||
    Number(b.textMatch) - Number(a.textMatch) ||
    b.rank - a.rank ||
    b.similarity - a.similarity ||
    a.title.localeCompare(b.title)
  );
}

export type SearchGroup = { kind: ResultKind; hits: SearchHit[]; more: boolean };

/**
 * The organization's records matching `query` among `kinds` (those the member may see), grouped by
 * kind in `kinds` order, best `perKind` first. `organizationId` is the transaction's tenant:
 * filtered explicitly as well as by RLS, so the index is entered by organization.
 */
export async function searchRecords(tx: Tx, organizationId: string, query: string, kinds: ResultKind[], perKind = 10): Promise<SearchGroup[]> {
  const indexed = kinds.filter((k): k is IndexedKind => k !== "person");
  const rows = [
    ...(indexed.length ? await indexedHits(tx, organizationId, query, indexed) : []),
    ...(kinds.includes("person") ? await queryRows<SearchHit>(tx, peopleStatement(organizationId, query)) : []),
  ];
  return kinds.flatMap((kind) => {
    const hits = rows.filter((r) => r.kind === kind).sort(compareHits);
    return hits.length ? [{ kind, hits: hits.slice(0, perKind), more: hits.length > perKind }] : [];
  });
}
