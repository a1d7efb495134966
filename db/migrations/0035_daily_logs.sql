CREATE TABLE "daily_log_addenda" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"daily_log_id" uuid NOT NULL,
	"body" text NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "daily_log_addenda" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "daily_log_delays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"daily_log_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cause" text NOT NULL,
	"hours" numeric(7, 2) NOT NULL,
	"description" text NOT NULL,
	"potential_change" boolean DEFAULT false NOT NULL,
	"change_order_id" uuid,
	CONSTRAINT "daily_log_delays_cause_check" CHECK (cause in ('weather', 'owner', 'design', 'subcontractor', 'material', 'inspection', 'other')),
	CONSTRAINT "daily_log_delays_hours_check" CHECK (hours >= 0)
);--> statement-breakpoint
ALTER TABLE "daily_log_delays" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "daily_log_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"daily_log_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"supplier" text NOT NULL,
	"description" text NOT NULL,
	"received_by" text DEFAULT '' NOT NULL
);--> statement-breakpoint
ALTER TABLE "daily_log_deliveries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "daily_log_equipment" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"daily_log_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"hours" numeric(7, 2),
	"notes" text DEFAULT '' NOT NULL
);--> statement-breakpoint
ALTER TABLE "daily_log_equipment" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "daily_log_manpower" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"daily_log_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"vendor_id" uuid,
	"trade" text NOT NULL,
	"workers" integer NOT NULL,
	"hours" numeric(7, 2) NOT NULL,
	"cost_code_id" uuid,
	CONSTRAINT "daily_log_manpower_figures_check" CHECK (workers >= 0 and hours >= 0)
);--> statement-breakpoint
ALTER TABLE "daily_log_manpower" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "daily_log_safety" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"daily_log_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"action_taken" text DEFAULT '' NOT NULL,
	CONSTRAINT "daily_log_safety_kind_check" CHECK (kind in ('observation', 'incident', 'toolbox_talk'))
);--> statement-breakpoint
ALTER TABLE "daily_log_safety" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "daily_log_visitors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"daily_log_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"name" text NOT NULL,
	"company" text DEFAULT '' NOT NULL,
	"purpose" text DEFAULT '' NOT NULL,
	"time_in" time,
	"time_out" time
);--> statement-breakpoint
ALTER TABLE "daily_log_visitors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "daily_log_work" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"daily_log_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cost_code_id" uuid,
	"area" text DEFAULT '' NOT NULL,
	"description" text NOT NULL
);--> statement-breakpoint
ALTER TABLE "daily_log_work" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "daily_logs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"log_date" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"weather_conditions" text,
	"temperature_high" numeric(5, 1),
	"temperature_low" numeric(5, 1),
	"temperature_unit" text DEFAULT 'F' NOT NULL,
	"precipitation" text DEFAULT '' NOT NULL,
	"wind" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "daily_logs_status_check" CHECK (status in ('draft', 'submitted')),
	CONSTRAINT "daily_logs_submitted_check" CHECK ((status = 'draft') = (submitted_at is null)),
	CONSTRAINT "daily_logs_conditions_check" CHECK (weather_conditions is null or weather_conditions in ('sunny', 'partly_cloudy', 'overcast', 'rain', 'thunderstorms', 'snow', 'sleet', 'fog', 'windy', 'hot', 'cold')),
	CONSTRAINT "daily_logs_unit_check" CHECK (temperature_unit in ('F', 'C'))
);--> statement-breakpoint
ALTER TABLE "daily_logs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- Addenda are the corrections of a submitted log: the app role may only insert and read them (app_private.secure_tables() reads this).
COMMENT ON TABLE daily_log_addenda IS '@append-only: a correction to a submitted daily log is never edited; another addendum corrects it';--> statement-breakpoint
-- A submitted daily log is a record: its header may change only its version (an addendum bumps it),
-- it cannot be deleted, and its section rows can be neither added, changed nor deleted — except that
-- a delay may still get the change order it started (the link to change management).
CREATE OR REPLACE FUNCTION app_private.daily_log_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  log_id uuid;
  log_status text;
BEGIN
  IF TG_TABLE_NAME = 'daily_logs' THEN
    IF TG_OP = 'DELETE' THEN
      IF OLD.status = 'submitted' THEN
        RAISE EXCEPTION 'the daily log of % is submitted and cannot be deleted', OLD.log_date USING ERRCODE = 'restrict_violation';
      END IF;
      RETURN OLD;
    END IF;
    IF OLD.status = 'submitted'
      AND (to_jsonb(NEW) - ARRAY['version', 'updated_at']) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['version', 'updated_at']) THEN
      RAISE EXCEPTION 'the daily log of % is submitted: add an addendum instead', OLD.log_date USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'DELETE' THEN
    log_id := OLD.daily_log_id;
  ELSE
    log_id := NEW.daily_log_id;
  END IF;
  IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'daily_log_delays'
    AND (to_jsonb(NEW) - 'change_order_id') = (to_jsonb(OLD) - 'change_order_id') THEN
    RETURN NEW;
  END IF;
  SELECT status INTO log_status FROM public.daily_logs WHERE id = log_id;
  IF log_status = 'submitted' THEN
    RAISE EXCEPTION 'this daily log is submitted: its % cannot be changed; add an addendum instead', replace(TG_TABLE_NAME, 'daily_log_', '') USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER daily_logs_locked BEFORE UPDATE OR DELETE ON public.daily_logs FOR EACH ROW EXECUTE FUNCTION app_private.daily_log_locked();--> statement-breakpoint
CREATE TRIGGER daily_log_manpower_locked BEFORE INSERT OR UPDATE OR DELETE ON public.daily_log_manpower FOR EACH ROW EXECUTE FUNCTION app_private.daily_log_locked();--> statement-breakpoint
CREATE TRIGGER daily_log_work_locked BEFORE INSERT OR UPDATE OR DELETE ON public.daily_log_work FOR EACH ROW EXECUTE FUNCTION app_private.daily_log_locked();--> statement-breakpoint
CREATE TRIGGER daily_log_equipment_locked BEFORE INSERT OR UPDATE OR DELETE ON public.daily_log_equipment FOR EACH ROW EXECUTE FUNCTION app_private.daily_log_locked();--> statement-breakpoint
CREATE TRIGGER daily_log_deliveries_locked BEFORE INSERT OR UPDATE OR DELETE ON public.daily_log_deliveries FOR EACH ROW EXECUTE FUNCTION app_private.daily_log_locked();--> statement-breakpoint
CREATE TRIGGER daily_log_visitors_locked BEFORE INSERT OR UPDATE OR DELETE ON public.daily_log_visitors FOR EACH ROW EXECUTE FUNCTION app_private.daily_log_locked();--> statement-breakpoint
CREATE TRIGGER daily_log_delays_locked BEFORE INSERT OR UPDATE OR DELETE ON public.daily_log_delays FOR EACH ROW EXECUTE FUNCTION app_private.daily_log_locked();--> statement-breakpoint
CREATE TRIGGER daily_log_safety_locked BEFORE INSERT OR UPDATE OR DELETE ON public.daily_log_safety FOR EACH ROW EXECUTE FUNCTION app_private.daily_log_locked();--> statement-breakpoint
CREATE INDEX "daily_log_addenda_log_idx" ON "daily_log_addenda" USING btree ("organization_id","daily_log_id","created_at");--> statement-breakpoint
CREATE INDEX "daily_log_delays_log_idx" ON "daily_log_delays" USING btree ("organization_id","daily_log_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "daily_log_delays_org_change_order_key" ON "daily_log_delays" USING btree ("organization_id","change_order_id");--> statement-breakpoint
CREATE INDEX "daily_log_deliveries_log_idx" ON "daily_log_deliveries" USING btree ("organization_id","daily_log_id","position");--> statement-breakpoint
CREATE INDEX "daily_log_equipment_log_idx" ON "daily_log_equipment" USING btree ("organization_id","daily_log_id","position");--> statement-breakpoint
CREATE INDEX "daily_log_manpower_log_idx" ON "daily_log_manpower" USING btree ("organization_id","daily_log_id","position");--> statement-breakpoint
CREATE INDEX "daily_log_manpower_cost_code_idx" ON "daily_log_manpower" USING btree ("organization_id","cost_code_id");--> statement-breakpoint
CREATE INDEX "daily_log_safety_log_idx" ON "daily_log_safety" USING btree ("organization_id","daily_log_id","position");--> statement-breakpoint
CREATE INDEX "daily_log_visitors_log_idx" ON "daily_log_visitors" USING btree ("organization_id","daily_log_id","position");--> statement-breakpoint
CREATE INDEX "daily_log_work_log_idx" ON "daily_log_work" USING btree ("organization_id","daily_log_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "daily_logs_org_id_key" ON "daily_logs" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "daily_logs_org_project_date_key" ON "daily_logs" USING btree ("organization_id","project_id","log_date");--> statement-breakpoint
ALTER TABLE "daily_log_addenda" ADD CONSTRAINT "daily_log_addenda_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_addenda" ADD CONSTRAINT "daily_log_addenda_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_addenda" ADD CONSTRAINT "daily_log_addenda_log_fkey" FOREIGN KEY ("organization_id","daily_log_id") REFERENCES "public"."daily_logs"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_delays" ADD CONSTRAINT "daily_log_delays_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_delays" ADD CONSTRAINT "daily_log_delays_log_fkey" FOREIGN KEY ("organization_id","daily_log_id") REFERENCES "public"."daily_logs"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_delays" ADD CONSTRAINT "daily_log_delays_change_order_fkey" FOREIGN KEY ("organization_id","change_order_id") REFERENCES "public"."change_orders"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_deliveries" ADD CONSTRAINT "daily_log_deliveries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_deliveries" ADD CONSTRAINT "daily_log_deliveries_log_fkey" FOREIGN KEY ("organization_id","daily_log_id") REFERENCES "public"."daily_logs"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_equipment" ADD CONSTRAINT "daily_log_equipment_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_equipment" ADD CONSTRAINT "daily_log_equipment_log_fkey" FOREIGN KEY ("organization_id","daily_log_id") REFERENCES "public"."daily_logs"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_manpower" ADD CONSTRAINT "daily_log_manpower_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_manpower" ADD CONSTRAINT "daily_log_manpower_log_fkey" FOREIGN KEY ("organization_id","daily_log_id") REFERENCES "public"."daily_logs"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_manpower" ADD CONSTRAINT "daily_log_manpower_vendor_fkey" FOREIGN KEY ("organization_id","vendor_id") REFERENCES "public"."vendors"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_manpower" ADD CONSTRAINT "daily_log_manpower_cost_code_fkey" FOREIGN KEY ("organization_id","cost_code_id") REFERENCES "public"."cost_codes"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_safety" ADD CONSTRAINT "daily_log_safety_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_safety" ADD CONSTRAINT "daily_log_safety_log_fkey" FOREIGN KEY ("organization_id","daily_log_id") REFERENCES "public"."daily_logs"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_visitors" ADD CONSTRAINT "daily_log_visitors_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_visitors" ADD CONSTRAINT "daily_log_visitors_log_fkey" FOREIGN KEY ("organization_id","daily_log_id") REFERENCES "public"."daily_logs"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_work" ADD CONSTRAINT "daily_log_work_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_work" ADD CONSTRAINT "daily_log_work_log_fkey" FOREIGN KEY ("organization_id","daily_log_id") REFERENCES "public"."daily_logs"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_log_work" ADD CONSTRAINT "daily_log_work_cost_code_fkey" FOREIGN KEY ("organization_id","cost_code_id") REFERENCES "public"."cost_codes"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_logs" ADD CONSTRAINT "daily_logs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_logs" ADD CONSTRAINT "daily_logs_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_logs" ADD CONSTRAINT "daily_logs_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_logs" ADD CONSTRAINT "daily_logs_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "daily_log_addenda" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "daily_log_delays" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "daily_log_deliveries" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "daily_log_equipment" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "daily_log_manpower" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "daily_log_safety" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "daily_log_visitors" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "daily_log_work" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "daily_logs" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));