CREATE TABLE "search_terms" (
	"organization_id" uuid NOT NULL,
	"term" text NOT NULL,
	"kind" text NOT NULL,
	"record_id" uuid NOT NULL,
	CONSTRAINT "search_terms_pkey" PRIMARY KEY("organization_id","term","kind","record_id")
);
--> statement-breakpoint
ALTER TABLE "search_terms" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "search_terms_record_idx" ON "search_terms" USING btree ("organization_id","kind","record_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "search_terms" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
-- ADR 0015 (global search). pg_trgm is a trusted extension (PostgreSQL 13+): the database owner
-- may create it without superuser. Its functions live in public, which the app role may use.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;--> statement-breakpoint
-- What the search shows and indexes of each record kind: its number, name/title, description and
-- amounts (the terms), and display-only context (project, vendor). An invoice's description is
-- its detail, not its title: 50,000 invoices then hold ~20 terms each instead of ~50. security_invoker: RLS of the
-- underlying tables applies to the reader.
CREATE VIEW public.search_documents WITH (security_invoker = true) AS
SELECT 'project'::text AS kind, p.organization_id, p.id, NULL::uuid AS project_id,
  p.job_number AS number, p.name AS title, concat_ws(' · ', nullif(p.client_name, ''), nullif(p.address, '')) AS detail,
  NULL::numeric AS amount, ARRAY[]::numeric[] AS amounts, ''::text AS context
FROM public.projects p
UNION ALL
SELECT 'vendor', v.organization_id, v.id, NULL::uuid, ''::text, v.name, concat_ws(' · ', nullif(v.contact_name, ''), nullif(v.email, '')),
  NULL::numeric, ARRAY[]::numeric[], ''::text
FROM public.vendors v
UNION ALL
SELECT 'commitment', c.organization_id, c.id, c.project_id, c.number, c.title, ''::text,
  t.total, array_remove(ARRAY[t.total], NULL), concat_ws(' · ', p.job_number, v.name)
FROM public.commitments c
JOIN public.projects p ON p.organization_id = c.organization_id AND p.id = c.project_id
JOIN public.vendors v ON v.organization_id = c.organization_id AND v.id = c.vendor_id
LEFT JOIN LATERAL (SELECT sum(l.amount) AS total FROM public.commitment_lines l
  WHERE l.organization_id = c.organization_id AND l.commitment_id = c.id) t ON true
UNION ALL
SELECT 'change_order', co.organization_id, co.id, co.project_id, co.number::text, co.title, co.description,
  t.total, array_remove(ARRAY[t.total], NULL), p.job_number
FROM public.change_orders co
JOIN public.projects p ON p.organization_id = co.organization_id AND p.id = co.project_id
LEFT JOIN LATERAL (SELECT sum(l.amount) AS total FROM public.change_order_lines l
  WHERE l.organization_id = co.organization_id AND l.change_order_id = co.id) t ON true
UNION ALL
SELECT 'ap_invoice', i.organization_id, i.id, i.project_id, i.invoice_number, ''::text, i.description,
  i.total, ARRAY[i.total, i.amount_due], concat_ws(' · ', p.job_number, v.name)
FROM public.ap_invoices i
JOIN public.projects p ON p.organization_id = i.organization_id AND p.id = i.project_id
JOIN public.vendors v ON v.organization_id = i.organization_id AND v.id = i.vendor_id
UNION ALL
SELECT 'pay_application', a.organization_id, a.id, a.project_id, a.number::text, 'Pay application #' || a.number,
  'Period ending ' || a.period_end::text,
  a.line8_current_payment_due, ARRAY[a.line8_current_payment_due, a.line3_contract_sum_to_date, a.line4_completed_and_stored],
  concat_ws(' · ', p.job_number, p.name)
FROM public.pay_applications a
JOIN public.projects p ON p.organization_id = a.organization_id AND p.id = a.project_id
UNION ALL
SELECT 'cost_code', cc.organization_id, cc.id, NULL::uuid, cc.code, cc.name, ''::text, NULL::numeric, ARRAY[]::numeric[], ''::text
FROM public.cost_codes cc;--> statement-breakpoint
-- A record's terms: its exact number (n:), the trigrams of its number and title (pg_trgm: typos
-- and parts of numbers), the words of its number, title and description (w:, full text's
-- 'simple' lexemes) and its amounts to the cent (a:). A trigram never holds ':' (pg_trgm keeps
-- letters and digits only), so the prefixes cannot collide with one.
CREATE FUNCTION app_private.search_terms_of(number text, title text, detail text, amounts numeric[]) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, public
AS $$
  SELECT 'n:' || lower(btrim(number)) WHERE btrim(coalesce(number, '')) <> ''
  UNION
  SELECT unnest(show_trgm(concat_ws(' ', number, title)))
  UNION
  SELECT 'w:' || w.lexeme FROM unnest(to_tsvector('simple'::regconfig, concat_ws(' ', number, title, detail))) w
  UNION
  SELECT 'a:' || round(a, 2)::text FROM unnest(amounts) a WHERE a IS NOT NULL
$$;--> statement-breakpoint
-- Brings the terms of records (p_kind, ids) to what search_documents says now, writing only the
-- difference (an update that changes no searched field writes nothing). One row of terms per
-- record, so removing the stale ones is a lookup per record, never a join of all terms with all.
CREATE FUNCTION app_private.search_refresh(p_kind text, p_orgs uuid[], p_ids uuid[]) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  WITH changed AS (SELECT DISTINCT org, id FROM unnest(p_orgs, p_ids) c(org, id)),
  wanted AS (
    SELECT d.organization_id AS org, d.id,
      ARRAY(SELECT app_private.search_terms_of(d.number, d.title, d.detail, d.amounts)) AS terms
    FROM public.search_documents d
    JOIN changed c ON c.org = d.organization_id AND c.id = d.id
    WHERE d.kind = p_kind
  ),
  -- Every changed record with its terms (none when it was deleted), joined once, so the delete
  -- below visits each record's terms by index and compares them with one array.
  target AS MATERIALIZED (
    SELECT c.org, c.id, coalesce(w.terms, '{}') AS terms FROM changed c LEFT JOIN wanted w ON w.org = c.org AND w.id = c.id
  ),
  gone AS (
    DELETE FROM public.search_terms s
    USING target t
    WHERE s.organization_id = t.org AND s.kind = p_kind AND s.record_id = t.id AND NOT (s.term = ANY (t.terms))
  )
  INSERT INTO public.search_terms (organization_id, term, kind, record_id)
  SELECT w.org, t.term, p_kind, w.id FROM wanted w CROSS JOIN LATERAL unnest(w.terms) t(term)
  ON CONFLICT DO NOTHING;
END $$;--> statement-breakpoint
-- Statement trigger on a searched table (or on the lines whose sum is a searched amount):
-- TG_ARGV[0] the kind, TG_ARGV[1] the column holding the record's id.
CREATE FUNCTION app_private.search_terms_changed() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  orgs uuid[];
  ids uuid[];
  source text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT organization_id, %1$I AS id FROM new_rows'
    WHEN 'DELETE' THEN 'SELECT organization_id, %1$I AS id FROM old_rows'
    ELSE 'SELECT organization_id, %1$I AS id FROM new_rows UNION SELECT organization_id, %1$I FROM old_rows' END;
BEGIN
  EXECUTE format('SELECT array_agg(organization_id), array_agg(id) FROM (' || source || ') r', TG_ARGV[1]) INTO orgs, ids;
  IF ids IS NOT NULL THEN
    PERFORM app_private.search_refresh(TG_ARGV[0], orgs, ids);
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.search_terms_of(text, text, text, numeric[]) TO secg_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.search_refresh(text, uuid[], uuid[]) TO secg_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.search_terms_changed() TO secg_app;--> statement-breakpoint
INSERT INTO public.search_terms (organization_id, term, kind, record_id)
SELECT DISTINCT d.organization_id, t.term, d.kind, d.id
FROM public.search_documents d
CROSS JOIN LATERAL app_private.search_terms_of(d.number, d.title, d.detail, d.amounts) t(term);--> statement-breakpoint
DO $$
DECLARE
  s record;
BEGIN
  FOR s IN SELECT * FROM (VALUES
    ('projects', 'project', 'id'), ('vendors', 'vendor', 'id'),
    ('commitments', 'commitment', 'id'), ('commitment_lines', 'commitment', 'commitment_id'),
    ('change_orders', 'change_order', 'id'), ('change_order_lines', 'change_order', 'change_order_id'),
    ('ap_invoices', 'ap_invoice', 'id'), ('pay_applications', 'pay_application', 'id'),
    ('cost_codes', 'cost_code', 'id')) AS v(tbl, kind, id_column)
  LOOP
    EXECUTE format('CREATE TRIGGER search_terms_insert AFTER INSERT ON public.%I REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION app_private.search_terms_changed(%L, %L)', s.tbl, s.kind, s.id_column);
    EXECUTE format('CREATE TRIGGER search_terms_update AFTER UPDATE ON public.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION app_private.search_terms_changed(%L, %L)', s.tbl, s.kind, s.id_column);
    EXECUTE format('CREATE TRIGGER search_terms_delete AFTER DELETE ON public.%I REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION app_private.search_terms_changed(%L, %L)', s.tbl, s.kind, s.id_column);
  END LOOP;
END $$;
