CREATE TABLE "wip_close_rows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"close_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"job_number" text NOT NULL,
	"project_name" text NOT NULL,
	"project_status" text NOT NULL,
	"contract_sum_to_date" numeric(14, 2) NOT NULL,
	"estimated_total_cost" numeric(14, 2) NOT NULL,
	"cost_to_date" numeric(14, 2) NOT NULL,
	"billed_to_date" numeric(14, 2) NOT NULL,
	"percent_complete" numeric NOT NULL,
	"percent_complete_display" numeric NOT NULL,
	"earned_revenue" numeric(14, 2) NOT NULL,
	"over_billing" numeric(14, 2) NOT NULL,
	"under_billing" numeric(14, 2) NOT NULL,
	"gross_profit_to_date" numeric(14, 2) NOT NULL,
	"projected_gross_profit" numeric(14, 2) NOT NULL,
	"projected_margin" numeric NOT NULL,
	"projected_margin_display" numeric NOT NULL,
	"is_loss" boolean NOT NULL,
	"flag" text,
	"earned_revenue_period" numeric(14, 2) NOT NULL,
	"gross_profit_period" numeric(14, 2) NOT NULL,
	"earned_revenue_ytd" numeric(14, 2) NOT NULL,
	"gross_profit_ytd" numeric(14, 2) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wip_close_rows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wip_closes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"period_end" date NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'closed' NOT NULL,
	"previous_close_id" uuid,
	"fiscal_year_start" date NOT NULL,
	"fiscal_year_close_id" uuid,
	"closed_by" uuid,
	"closed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reopen_reason" text,
	"reopened_by" uuid,
	"reopened_at" timestamp with time zone,
	CONSTRAINT "wip_closes_status_check" CHECK (status in ('closed', 'reopened')),
	CONSTRAINT "wip_closes_reopen_check" CHECK ((status = 'closed' and reopened_at is null and reopen_reason is null) or (status = 'reopened' and reopened_at is not null and length(btrim(reopen_reason)) > 0))
);
--> statement-breakpoint
ALTER TABLE "wip_closes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- The (organization_id, id) key first: the foreign keys below reference it.
CREATE UNIQUE INDEX "wip_closes_org_id_key" ON "wip_closes" USING btree ("organization_id","id");--> statement-breakpoint
ALTER TABLE "wip_close_rows" ADD CONSTRAINT "wip_close_rows_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wip_close_rows" ADD CONSTRAINT "wip_close_rows_close_fkey" FOREIGN KEY ("organization_id","close_id") REFERENCES "public"."wip_closes"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wip_close_rows" ADD CONSTRAINT "wip_close_rows_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wip_closes" ADD CONSTRAINT "wip_closes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wip_closes" ADD CONSTRAINT "wip_closes_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wip_closes" ADD CONSTRAINT "wip_closes_reopened_by_users_id_fk" FOREIGN KEY ("reopened_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wip_closes" ADD CONSTRAINT "wip_closes_previous_fkey" FOREIGN KEY ("organization_id","previous_close_id") REFERENCES "public"."wip_closes"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wip_closes" ADD CONSTRAINT "wip_closes_fiscal_year_fkey" FOREIGN KEY ("organization_id","fiscal_year_close_id") REFERENCES "public"."wip_closes"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "wip_close_rows_org_close_project_key" ON "wip_close_rows" USING btree ("organization_id","close_id","project_id");--> statement-breakpoint
CREATE INDEX "wip_close_rows_org_project_idx" ON "wip_close_rows" USING btree ("organization_id","project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "wip_closes_org_period_version_key" ON "wip_closes" USING btree ("organization_id","period_end","version");--> statement-breakpoint
CREATE UNIQUE INDEX "wip_closes_org_period_closed_key" ON "wip_closes" USING btree ("organization_id","period_end") WHERE status = 'closed';--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "wip_close_rows" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "wip_closes" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));
--> statement-breakpoint
-- A close's rows are a record: the app role may only insert and read them (app_private.secure_tables() reads this).
COMMENT ON TABLE wip_close_rows IS '@append-only: a closed WIP row is never edited; a re-close adds a new close with its own rows';--> statement-breakpoint
-- A close is a record too: no writer deletes it, and the only change is the reopen (closed →
-- reopened with who, when and why). Its rows are refused any change, for every writer.
CREATE OR REPLACE FUNCTION app_private.wip_close_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'wip_close_rows' THEN
    RAISE EXCEPTION 'the rows of a WIP close cannot be changed or deleted' USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the WIP close of % cannot be deleted', OLD.period_end USING ERRCODE = 'restrict_violation';
  END IF;
  IF OLD.status <> 'closed' OR NEW.status <> 'reopened'
    OR (to_jsonb(NEW) - ARRAY['status', 'reopen_reason', 'reopened_by', 'reopened_at'])
       IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'reopen_reason', 'reopened_by', 'reopened_at']) THEN
    RAISE EXCEPTION 'the WIP close of % can only be reopened', OLD.period_end USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER wip_closes_frozen BEFORE UPDATE OR DELETE ON public.wip_closes FOR EACH ROW EXECUTE FUNCTION app_private.wip_close_frozen();--> statement-breakpoint
CREATE TRIGGER wip_close_rows_frozen BEFORE UPDATE OR DELETE ON public.wip_close_rows FOR EACH ROW EXECUTE FUNCTION app_private.wip_close_frozen();
