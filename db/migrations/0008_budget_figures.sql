CREATE TABLE "budget_figure_rows" (
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"row_key" text NOT NULL,
	"sort_key" text NOT NULL,
	"line_id" uuid,
	"line_version" integer,
	"cost_code_id" uuid NOT NULL,
	"cost_type_id" uuid NOT NULL,
	"division_id" uuid NOT NULL,
	"division_code" text NOT NULL,
	"division_name" text NOT NULL,
	"division" text NOT NULL,
	"cost_code" text NOT NULL,
	"cost_code_name" text NOT NULL,
	"cost_type" text NOT NULL,
	"description" text NOT NULL,
	"ftc_mode" text NOT NULL,
	"ftc_manual" numeric(14, 2),
	"original" numeric(14, 2) NOT NULL,
	"approved_changes" numeric(14, 2) NOT NULL,
	"revised" numeric(14, 2) NOT NULL,
	"pending_changes" numeric(14, 2) NOT NULL,
	"projected_budget" numeric(14, 2) NOT NULL,
	"committed" numeric(14, 2) NOT NULL,
	"direct_costs" numeric(14, 2) NOT NULL,
	"actual" numeric(14, 2) NOT NULL,
	"pending_cost_changes" numeric(14, 2) NOT NULL,
	"projected_cost" numeric(14, 2) NOT NULL,
	"ftc" numeric(14, 2) NOT NULL,
	"eac" numeric(14, 2) NOT NULL,
	"cost_to_complete" numeric(14, 2) NOT NULL,
	"over_under" numeric(14, 2) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "budget_figure_rows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "budget_figure_state" (
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"source_version" bigint DEFAULT 1 NOT NULL,
	"cached_version" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "budget_figure_state" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "budget_figure_rows" ADD CONSTRAINT "budget_figure_rows_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_figure_rows" ADD CONSTRAINT "budget_figure_rows_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_figure_state" ADD CONSTRAINT "budget_figure_state_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budget_figure_state" ADD CONSTRAINT "budget_figure_state_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "budget_figure_rows_project_sort_key" ON "budget_figure_rows" USING btree ("organization_id","project_id","sort_key");--> statement-breakpoint
CREATE UNIQUE INDEX "budget_figure_state_org_project_key" ON "budget_figure_state" USING btree ("organization_id","project_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "budget_figure_rows" AS PERMISSIVE FOR ALL TO public USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "budget_figure_state" AS PERMISSIVE FOR ALL TO public USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
-- Byte order, as figuresQuery sorts: "03 …" < "03-100 …" < "030 …" whatever the database's locale.
ALTER TABLE "budget_figure_rows" ALTER COLUMN "sort_key" SET DATA TYPE text COLLATE "C";
--> statement-breakpoint
-- Marks the stored budget figures of the projects a statement touched as stale (ADR 0007).
-- TG_ARGV[0] names the column that leads to the project: project_id, commitment_id or
-- change_order_id. Statement-level with transition tables, so a bulk load bumps each project once.
-- Projects are bumped in id order, so two writers touching the same projects cannot deadlock here.
CREATE OR REPLACE FUNCTION app_private.budget_figures_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  keys uuid[] := '{}';
  changed uuid[];
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    keys := keys || array(SELECT DISTINCT (to_jsonb(n) ->> TG_ARGV[0])::uuid FROM new_rows n);
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    keys := keys || array(SELECT DISTINCT (to_jsonb(o) ->> TG_ARGV[0])::uuid FROM old_rows o);
  END IF;
  changed := CASE TG_ARGV[0]
    WHEN 'project_id' THEN keys
    WHEN 'commitment_id' THEN array(SELECT project_id FROM public.commitments WHERE id = ANY (keys))
    WHEN 'change_order_id' THEN array(SELECT project_id FROM public.change_orders WHERE id = ANY (keys))
  END;
  INSERT INTO public.budget_figure_state AS s (organization_id, project_id)
  SELECT p.organization_id, p.id FROM public.projects p WHERE p.id = ANY (changed) ORDER BY p.id
  ON CONFLICT (organization_id, project_id) DO UPDATE SET source_version = s.source_version + 1, updated_at = now();
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Cost code and cost type names, codes, divisions and order appear in every stored row.
CREATE OR REPLACE FUNCTION app_private.budget_figure_names_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE public.budget_figure_state s SET source_version = s.source_version + 1, updated_at = now()
  WHERE s.organization_id IN (SELECT DISTINCT organization_id FROM new_rows);
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  source record;
  op text;
BEGIN
  FOR source IN SELECT * FROM (VALUES
    ('budget_lines', 'project_id'), ('budget_transfers', 'project_id'),
    ('commitments', 'project_id'), ('commitment_lines', 'commitment_id'),
    ('change_orders', 'project_id'), ('change_order_lines', 'change_order_id')
  ) AS t(tbl, via) LOOP
    FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
      EXECUTE format(
        'CREATE TRIGGER budget_figures_%2$s AFTER %2$s ON public.%1$I REFERENCING %3$s FOR EACH STATEMENT EXECUTE FUNCTION app_private.budget_figures_changed(%4$L)',
        source.tbl, op,
        CASE op WHEN 'insert' THEN 'NEW TABLE AS new_rows' WHEN 'delete' THEN 'OLD TABLE AS old_rows' ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END,
        source.via);
    END LOOP;
  END LOOP;
  FOREACH source.tbl IN ARRAY ARRAY['cost_codes', 'cost_types'] LOOP
    EXECUTE format(
      'CREATE TRIGGER budget_figure_names_update AFTER UPDATE ON public.%I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.budget_figure_names_changed()',
      source.tbl);
  END LOOP;
END $$;
