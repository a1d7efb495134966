CREATE TABLE "commitment_line_openings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"commitment_id" uuid NOT NULL,
	"commitment_line_id" uuid NOT NULL,
	"billed_to_date" numeric(14, 2) NOT NULL,
	"retainage_held" numeric(14, 2) DEFAULT '0' NOT NULL,
	"as_of" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "commitment_line_openings_amounts_check" CHECK ("commitment_line_openings"."billed_to_date" >= 0 and "commitment_line_openings"."retainage_held" >= 0 and "commitment_line_openings"."retainage_held" <= "commitment_line_openings"."billed_to_date")
);
--> statement-breakpoint
ALTER TABLE "commitment_line_openings" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "opening_costs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"cost_code_id" uuid NOT NULL,
	"cost_type_id" uuid NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"as_of" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "opening_costs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "budget_figure_rows" ADD COLUMN "opening_cost" numeric(14, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "commitment_line_openings" ADD CONSTRAINT "commitment_line_openings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_line_openings" ADD CONSTRAINT "commitment_line_openings_commitment_fkey" FOREIGN KEY ("organization_id","commitment_id") REFERENCES "public"."commitments"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "commitment_line_openings" ADD CONSTRAINT "commitment_line_openings_line_fkey" FOREIGN KEY ("organization_id","commitment_line_id") REFERENCES "public"."commitment_lines"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_costs" ADD CONSTRAINT "opening_costs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_costs" ADD CONSTRAINT "opening_costs_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_costs" ADD CONSTRAINT "opening_costs_cost_code_fkey" FOREIGN KEY ("organization_id","cost_code_id") REFERENCES "public"."cost_codes"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opening_costs" ADD CONSTRAINT "opening_costs_cost_type_fkey" FOREIGN KEY ("organization_id","cost_type_id") REFERENCES "public"."cost_types"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "commitment_line_openings_line_key" ON "commitment_line_openings" USING btree ("organization_id","commitment_line_id");--> statement-breakpoint
CREATE INDEX "commitment_line_openings_commitment_idx" ON "commitment_line_openings" USING btree ("organization_id","commitment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "opening_costs_org_project_code_type_key" ON "opening_costs" USING btree ("organization_id","project_id","cost_code_id","cost_type_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "commitment_line_openings" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "opening_costs" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));
--> statement-breakpoint
-- ADR 0014 (opening costs): the two opening tables feed actual cost in the budget figures, so they
-- mark the stored rows stale like every other input (ADR 0007, migration 0021). opening_costs rows
-- carry their own key (as budget lines do); a commitment line opening has the key of its line.
-- The function is 0021's with those two rules added.
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
  IF TG_TABLE_NAME IN ('budget_lines', 'opening_costs') THEN
    SELECT array_agg((r ->> 'project_id')::uuid), array_agg((r ->> 'cost_code_id')::uuid), array_agg((r ->> 'cost_type_id')::uuid)
    INTO mp, mc, mt FROM unnest(changed) r;
  ELSIF TG_TABLE_NAME = 'budget_transfers' THEN
    SELECT array_agg((r ->> 'project_id')::uuid), array_agg(bl.cost_code_id), array_agg(bl.cost_type_id)
    INTO mp, mc, mt FROM unnest(changed) r
    CROSS JOIN LATERAL (VALUES (r ->> 'from_line_id'), (r ->> 'to_line_id')) AS v(line_id)
    LEFT JOIN public.budget_lines bl ON bl.id = v.line_id::uuid;
  -- A line: its own key, in its header's project (a header already gone was deleted, and its own
  -- trigger marks the whole project).
  -- A commitment line's opening: the key of its line (a line already gone marks the whole project).
  ELSIF TG_TABLE_NAME = 'commitment_line_openings' THEN
    SELECT array_agg(h.project_id), array_agg(l.cost_code_id), array_agg(l.cost_type_id)
    INTO mp, mc, mt FROM unnest(changed) r JOIN public.commitments h ON h.id = (r ->> via)::uuid
    LEFT JOIN public.commitment_lines l ON l.id = (r ->> 'commitment_line_id')::uuid;
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
DO $$
DECLARE
  source record;
  op text;
BEGIN
  FOR source IN SELECT * FROM (VALUES ('opening_costs', 'project_id'), ('commitment_line_openings', 'commitment_id')) AS t(tbl, via) LOOP
    FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
      EXECUTE format(
        'CREATE TRIGGER budget_figures_%2$s AFTER %2$s ON public.%1$I REFERENCING %3$s FOR EACH STATEMENT EXECUTE FUNCTION app_private.budget_figures_changed(%4$L)',
        source.tbl, op,
        CASE op WHEN 'insert' THEN 'NEW TABLE AS new_rows' WHEN 'delete' THEN 'OLD TABLE AS old_rows' ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END,
        source.via);
    END LOOP;
  END LOOP;
END $$;
