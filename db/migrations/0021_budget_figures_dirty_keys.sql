CREATE TABLE "budget_figure_dirty_keys" (
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"cost_code_id" uuid NOT NULL,
	"cost_type_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "budget_figure_dirty_keys" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "budget_figure_state" ADD COLUMN "full_refresh" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "budget_figure_dirty_keys" ADD CONSTRAINT "budget_figure_dirty_keys_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_figure_dirty_keys" ADD CONSTRAINT "budget_figure_dirty_keys_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "budget_figure_dirty_keys_key" ON "budget_figure_dirty_keys" USING btree ("organization_id","project_id","cost_code_id","cost_type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_figure_rows_project_code_type_key" ON "budget_figure_rows" USING btree ("organization_id","project_id","cost_code_id","cost_type_id");--> statement-breakpoint
CREATE INDEX "ap_invoice_lines_code_idx" ON "ap_invoice_lines" USING btree ("organization_id","cost_code_id","cost_type_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "budget_figure_dirty_keys" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
-- ADR 0007 amended (issue 16): a change marks stale only the stored rows it affects. Every row of
-- figuresQuery is one cost code × cost type of the project and depends only on the inputs with that
-- key (and on the names of its cost code, division and cost type), so the triggers record the keys
-- a statement touched in budget_figure_dirty_keys, and the refresh recomputes just those rows. The
-- whole project is recomputed when `full_refresh` is set: a project never computed (the column's
-- default), a header deleted (its lines may be gone already, through a cascade), a transfer whose
-- line is gone, or more than 200 keys touched by one statement (an import, a renamed division).
--
-- Lock order, as before: the state rows of the projects a statement touched are bumped (locked) in
-- project id order FIRST, and only then are the keys looked up, in a statement that sees every
-- transaction that held the lock before. A key found through other rows (a commitment's lines when
-- its status changes, a transfer's lines) therefore cannot miss a row whose writer committed before
-- the lock was taken, and a writer still uncommitted marks its own row's key when it gets the lock.
-- The keys are added, and deleted by the refresh, only under that lock. Projects marked
-- `full_refresh` record no keys.
-- TG_ARGV[0]: the column that leads to the project ('names' for cost codes and cost types, whose
-- stored rows show them); TG_ARGV[1]: the columns an UPDATE may change without counting (0013).
CREATE OR REPLACE FUNCTION app_private.budget_figures_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  via text := TG_ARGV[0];
  ignored text[] := coalesce(TG_ARGV[1], '{}')::text[];
  -- app/domains/budgets/figure-cache.server.ts (MAX_DIRTY_KEYS) recomputes the whole project above this too.
  max_keys constant int := 200;
  changed jsonb[];
  ids uuid[];
  touched uuid[];
  partial uuid[];
  whole uuid[];
  mp uuid[];
  mc uuid[];
  mt uuid[];
BEGIN
  -- The row images that count: every inserted or deleted row, both sides of a relevant update.
  IF TG_OP = 'INSERT' THEN
    changed := array(SELECT to_jsonb(n) FROM new_rows n);
  ELSIF TG_OP = 'DELETE' THEN
    changed := array(SELECT to_jsonb(o) FROM old_rows o);
  ELSE
    changed := array(
      SELECT v.r FROM new_rows n JOIN old_rows o ON o.id = n.id
      CROSS JOIN LATERAL (VALUES (to_jsonb(n)), (to_jsonb(o))) AS v(r)
      WHERE to_jsonb(n) - ignored IS DISTINCT FROM to_jsonb(o) - ignored);
  END IF;
  IF cardinality(changed) = 0 THEN
    RETURN NULL;
  END IF;
  ids := array(SELECT DISTINCT (r ->> coalesce(nullif(via, 'names'), 'id'))::uuid FROM unnest(changed) r);
  touched := CASE via
    WHEN 'project_id' THEN ids
    WHEN 'commitment_id' THEN array(SELECT project_id FROM public.commitments WHERE id = ANY (ids))
    WHEN 'change_order_id' THEN array(SELECT project_id FROM public.change_orders WHERE id = ANY (ids))
    WHEN 'ap_invoice_id' THEN array(SELECT project_id FROM public.ap_invoices WHERE id = ANY (ids))
    WHEN 'names' THEN array(
      SELECT DISTINCT f.project_id FROM public.budget_figure_rows f
      WHERE f.cost_code_id = ANY (ids) OR f.division_id = ANY (ids) OR f.cost_type_id = ANY (ids))
  END;
  WITH locked AS (
    INSERT INTO public.budget_figure_state AS s (organization_id, project_id)
    SELECT p.organization_id, p.id FROM public.projects p WHERE p.id = ANY (touched) ORDER BY p.id
    ON CONFLICT (organization_id, project_id) DO UPDATE SET source_version = s.source_version + 1, updated_at = now()
    RETURNING s.project_id, s.full_refresh
  )
  SELECT array(SELECT project_id FROM locked WHERE NOT full_refresh) INTO partial;
  IF cardinality(partial) = 0 THEN
    RETURN NULL;
  END IF;
  -- The keys (project, cost code, cost type) touched; a null cost code stands for the whole project.
  IF TG_TABLE_NAME = 'budget_lines' THEN
    SELECT array_agg((r ->> 'project_id')::uuid), array_agg((r ->> 'cost_code_id')::uuid), array_agg((r ->> 'cost_type_id')::uuid)
    INTO mp, mc, mt FROM unnest(changed) r;
  ELSIF TG_TABLE_NAME = 'budget_transfers' THEN
    SELECT array_agg((r ->> 'project_id')::uuid), array_agg(bl.cost_code_id), array_agg(bl.cost_type_id)
    INTO mp, mc, mt FROM unnest(changed) r
    CROSS JOIN LATERAL (VALUES (r ->> 'from_line_id'), (r ->> 'to_line_id')) AS v(line_id)
    LEFT JOIN public.budget_lines bl ON bl.id = v.line_id::uuid;
  -- A line: its own key, in its header's project (a header already gone was deleted, and its own
  -- trigger marks the whole project).
  ELSIF via = 'commitment_id' THEN
    SELECT array_agg(h.project_id), array_agg((r ->> 'cost_code_id')::uuid), array_agg((r ->> 'cost_type_id')::uuid)
    INTO mp, mc, mt FROM unnest(changed) r JOIN public.commitments h ON h.id = (r ->> via)::uuid;
  ELSIF via = 'change_order_id' THEN
    SELECT array_agg(h.project_id), array_agg((r ->> 'cost_code_id')::uuid), array_agg((r ->> 'cost_type_id')::uuid)
    INTO mp, mc, mt FROM unnest(changed) r JOIN public.change_orders h ON h.id = (r ->> via)::uuid;
  ELSIF via = 'ap_invoice_id' THEN
    SELECT array_agg(h.project_id), array_agg((r ->> 'cost_code_id')::uuid), array_agg((r ->> 'cost_type_id')::uuid)
    INTO mp, mc, mt FROM unnest(changed) r JOIN public.ap_invoices h ON h.id = (r ->> via)::uuid;
  ELSIF TG_OP = 'DELETE' THEN
    -- A commitment, change order or AP invoice deleted.
    SELECT array_agg((r ->> 'project_id')::uuid), array_agg(NULL::uuid), array_agg(NULL::uuid)
    INTO mp, mc, mt FROM unnest(changed) r;
  ELSIF via = 'project_id' THEN
    -- A header's status, kind, commitment or project: the keys of its lines, and for a commitment
    -- those of its change orders' lines (they count only while it is executed or closed).
    SELECT array_agg((r ->> 'project_id')::uuid), array_agg(k.cost_code_id), array_agg(k.cost_type_id)
    INTO mp, mc, mt FROM unnest(changed) r
    CROSS JOIN LATERAL (
      SELECT l.cost_code_id, l.cost_type_id FROM public.commitment_lines l
      WHERE TG_TABLE_NAME = 'commitments' AND l.commitment_id = (r ->> 'id')::uuid
      UNION ALL
      SELECT l.cost_code_id, l.cost_type_id FROM public.change_orders co JOIN public.change_order_lines l ON l.change_order_id = co.id
      WHERE TG_TABLE_NAME = 'commitments' AND co.commitment_id = (r ->> 'id')::uuid
      UNION ALL
      SELECT l.cost_code_id, l.cost_type_id FROM public.change_order_lines l
      WHERE TG_TABLE_NAME = 'change_orders' AND l.change_order_id = (r ->> 'id')::uuid
      UNION ALL
      SELECT l.cost_code_id, l.cost_type_id FROM public.ap_invoice_lines l
      WHERE TG_TABLE_NAME = 'ap_invoices' AND l.ap_invoice_id = (r ->> 'id')::uuid
    ) k;
  ELSIF via = 'names' THEN
    -- Stored rows that show a renamed cost code, division or cost type (rows not stored yet are
    -- computed afresh when stored).
    SELECT array_agg(f.project_id), array_agg(f.cost_code_id), array_agg(f.cost_type_id)
    INTO mp, mc, mt FROM public.budget_figure_rows f
    WHERE f.project_id = ANY (partial) AND (f.cost_code_id = ANY (ids) OR f.division_id = ANY (ids) OR f.cost_type_id = ANY (ids));
  ELSE
    RAISE EXCEPTION 'budget figure trigger on %: no rule for its keys', TG_TABLE_NAME;
  END IF;
  whole := array(
    SELECT m.p FROM unnest(mp, mc, mt) AS m(p, c, t) WHERE m.p = ANY (partial)
    GROUP BY m.p HAVING bool_or(m.c IS NULL) OR count(DISTINCT (m.c, m.t)) > max_keys);
  IF cardinality(whole) > 0 THEN
    UPDATE public.budget_figure_state SET full_refresh = true WHERE project_id = ANY (whole);
  END IF;
  INSERT INTO public.budget_figure_dirty_keys (organization_id, project_id, cost_code_id, cost_type_id)
  SELECT DISTINCT p.organization_id, m.p, m.c, m.t FROM unnest(mp, mc, mt) AS m(p, c, t) JOIN public.projects p ON p.id = m.p
  WHERE m.p = ANY (partial) AND m.p <> ALL (whole)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The cost code and cost type triggers now use the same function ('names'), with 0013's rule for
-- which columns count.
DO $$
DECLARE
  source record;
  ignored text[];
BEGIN
  FOR source IN SELECT * FROM (VALUES
    ('cost_codes', ARRAY['id', 'code', 'name', 'parent_id']),
    ('cost_types', ARRAY['id', 'name', 'sort_order'])
  ) AS t(tbl, relevant) LOOP
    ignored := array(SELECT column_name::text FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = source.tbl AND column_name::text <> ALL (source.relevant) ORDER BY ordinal_position);
    EXECUTE format('DROP TRIGGER budget_figure_names_update ON public.%I', source.tbl);
    EXECUTE format(
      'CREATE TRIGGER budget_figure_names_update AFTER UPDATE ON public.%I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.budget_figures_changed(%L, %L)',
      source.tbl, 'names', ignored);
  END LOOP;
END $$;
--> statement-breakpoint
DROP FUNCTION app_private.budget_figure_names_changed();
