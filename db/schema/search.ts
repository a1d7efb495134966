import { index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { tenantPolicy } from "./_shared";

/** The kinds of record the search term index holds (people are searched directly: users are global). */
export const SEARCH_KINDS = ["project", "vendor", "commitment", "change_order", "ap_invoice", "pay_application", "cost_code"] as const;

/**
 * The global search's term index (ADR 0015): one row per (record, term), written by statement
 * triggers from the `search_documents` view (migration 0032). A term is a pg_trgm trigram of the
 * record's number and name, `n:<number>` for its exact number, or `a:<amount>` for
 * an amount, `w:<word>` for a word (full text lexeme). Looked up by btree equality, whose operator is leakproof: under RLS PostgreSQL will
 * not use a GIN index for `@@`, `%` or ILIKE (not leakproof), but it does use this one.
 */
export const searchTerms = pgTable(
  "search_terms",
  {
    /**
     * No foreign key to organizations: the rows are derived, removed by the triggers of their
     * records (which cascade from the organization), and a per-row key check doubled the write cost.
     */
    organizationId: uuid("organization_id").notNull(),
    term: text("term").notNull(),
    kind: text("kind", { enum: SEARCH_KINDS }).notNull(),
    recordId: uuid("record_id").notNull(),
  },
  (t) => [
    primaryKey({ name: "search_terms_pkey", columns: [t.organizationId, t.term, t.kind, t.recordId] }),
    index("search_terms_record_idx").on(t.organizationId, t.kind, t.recordId),
    tenantPolicy(),
  ],
);
