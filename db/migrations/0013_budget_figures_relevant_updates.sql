-- ADR 0007 amended: an UPDATE marks stored budget figures stale only when it changes a column the
-- figures read. Before, an AP payment (which bumps the invoice's version), an invoice's totals or a
-- cost code toggled inactive marked projects stale, and WIP recomputed them on its next read.
-- Each UPDATE trigger gets the columns to ignore as TG_ARGV[1]: every column of its table at this
-- migration except the ones the figures read. A column added later is not in that list, so it counts
-- as relevant: a forgotten column costs a recomputation, never a stale figure.
CREATE OR REPLACE FUNCTION app_private.budget_figures_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  keys uuid[] := '{}';
  changed uuid[];
  ignored text[] := coalesce(TG_ARGV[1], '{}')::text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    keys := array(SELECT DISTINCT (to_jsonb(n) ->> TG_ARGV[0])::uuid FROM new_rows n);
  ELSIF TG_OP = 'DELETE' THEN
    keys := array(SELECT DISTINCT (to_jsonb(o) ->> TG_ARGV[0])::uuid FROM old_rows o);
  ELSE
    -- Both sides of a changed row: a line moved to another invoice touches both projects.
    keys := array(
      SELECT DISTINCT k FROM new_rows n JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES ((to_jsonb(n) ->> TG_ARGV[0])::uuid), ((to_jsonb(o) ->> TG_ARGV[0])::uuid)) AS v(k)
      WHERE to_jsonb(n) - ignored IS DISTINCT FROM to_jsonb(o) - ignored);
  END IF;
  IF cardinality(keys) = 0 THEN
    RETURN NULL;
  END IF;
  changed := CASE TG_ARGV[0]
    WHEN 'project_id' THEN keys
    WHEN 'commitment_id' THEN array(SELECT project_id FROM public.commitments WHERE id = ANY (keys))
    WHEN 'change_order_id' THEN array(SELECT project_id FROM public.change_orders WHERE id = ANY (keys))
    WHEN 'ap_invoice_id' THEN array(SELECT project_id FROM public.ap_invoices WHERE id = ANY (keys))
  END;
  INSERT INTO public.budget_figure_state AS s (organization_id, project_id)
  SELECT p.organization_id, p.id FROM public.projects p WHERE p.id = ANY (changed) ORDER BY p.id
  ON CONFLICT (organization_id, project_id) DO UPDATE SET source_version = s.source_version + 1, updated_at = now();
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Codes, names, divisions and cost type order appear in stored rows: a change marks stale only the
-- projects whose stored rows show the renamed code, division or type (not every project of the
-- organization, and not at all for a change of `active`). A project without stored rows yet is
-- stale already.
CREATE OR REPLACE FUNCTION app_private.budget_figure_names_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  ignored text[] := TG_ARGV[0]::text[];
  renamed uuid[];
BEGIN
  renamed := array(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE to_jsonb(n) - ignored IS DISTINCT FROM to_jsonb(o) - ignored);
  IF cardinality(renamed) = 0 THEN
    RETURN NULL;
  END IF;
  INSERT INTO public.budget_figure_state AS s (organization_id, project_id)
  SELECT DISTINCT r.organization_id, r.project_id FROM public.budget_figure_rows r
  WHERE r.cost_code_id = ANY (renamed) OR r.division_id = ANY (renamed) OR r.cost_type_id = ANY (renamed)
  ORDER BY r.project_id
  ON CONFLICT (organization_id, project_id) DO UPDATE SET source_version = s.source_version + 1, updated_at = now();
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  source record;
  ignored text[];
BEGIN
  -- budget_lines and budget_transfers keep "any change counts": every column of a budget line is in
  -- its stored row (its version included), and transfers are never updated.
  -- `via` null: a catalog table whose names the stored rows show.
  FOR source IN SELECT * FROM (VALUES
    ('commitments', 'project_id', ARRAY['id', 'project_id', 'status']),
    ('commitment_lines', 'commitment_id', ARRAY['id', 'commitment_id', 'cost_code_id', 'cost_type_id', 'amount']),
    ('change_orders', 'project_id', ARRAY['id', 'project_id', 'commitment_id', 'kind', 'status']),
    ('change_order_lines', 'change_order_id', ARRAY['id', 'change_order_id', 'cost_code_id', 'cost_type_id', 'budget_amount', 'amount']),
    ('ap_invoices', 'project_id', ARRAY['id', 'project_id', 'commitment_id', 'kind', 'status']),
    ('ap_invoice_lines', 'ap_invoice_id', ARRAY['id', 'ap_invoice_id', 'cost_code_id', 'cost_type_id', 'amount']),
    ('cost_codes', NULL, ARRAY['id', 'code', 'name', 'parent_id']),
    ('cost_types', NULL, ARRAY['id', 'name', 'sort_order'])
  ) AS t(tbl, via, relevant) LOOP
    ignored := array(SELECT column_name::text FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = source.tbl AND column_name::text <> ALL (source.relevant) ORDER BY ordinal_position);
    IF cardinality(ignored) + cardinality(source.relevant) <> (SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = source.tbl) THEN
      RAISE EXCEPTION 'budget figure trigger on %: a relevant column does not exist', source.tbl;
    END IF;
    IF source.via IS NULL THEN
      EXECUTE format('DROP TRIGGER budget_figure_names_update ON public.%I', source.tbl);
      EXECUTE format(
        'CREATE TRIGGER budget_figure_names_update AFTER UPDATE ON public.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.budget_figure_names_changed(%L)',
        source.tbl, ignored);
    ELSE
      EXECUTE format('DROP TRIGGER budget_figures_update ON public.%I', source.tbl);
      EXECUTE format(
        'CREATE TRIGGER budget_figures_update AFTER UPDATE ON public.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.budget_figures_changed(%L, %L)',
        source.tbl, source.via, ignored);
    END IF;
  END LOOP;
END $$;
