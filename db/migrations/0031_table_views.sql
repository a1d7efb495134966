CREATE TABLE "table_column_preferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"table_id" text NOT NULL,
	"columns" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "table_column_preferences" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "table_view_schedule_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"schedule_id" uuid NOT NULL,
	"period" text NOT NULL,
	"recipient_user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"row_count" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "table_view_schedule_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "table_view_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"view_id" uuid NOT NULL,
	"frequency" text NOT NULL,
	"day" integer NOT NULL,
	"time" text NOT NULL,
	"recipient_user_ids" uuid[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "table_view_schedules_when_check" CHECK ("table_view_schedules"."time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and (("table_view_schedules"."frequency" = 'weekly' and "table_view_schedules"."day" between 1 and 7) or ("table_view_schedules"."frequency" = 'monthly' and "table_view_schedules"."day" between 1 and 28)))
);
--> statement-breakpoint
ALTER TABLE "table_view_schedules" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "table_views" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"table_id" text NOT NULL,
	"path" text NOT NULL,
	"name" text NOT NULL,
	"search" text DEFAULT '' NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "table_views_name_check" CHECK (length("table_views"."name") between 1 and 80)
);
--> statement-breakpoint
ALTER TABLE "table_views" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "outbound_emails" ADD COLUMN "attachment_key" text;--> statement-breakpoint
ALTER TABLE "outbound_emails" ADD COLUMN "attachment_name" text;--> statement-breakpoint
CREATE UNIQUE INDEX "table_column_preferences_user_table_key" ON "table_column_preferences" USING btree ("organization_id","user_id","table_id");--> statement-breakpoint
CREATE UNIQUE INDEX "table_view_schedule_runs_once_key" ON "table_view_schedule_runs" USING btree ("organization_id","schedule_id","period","recipient_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "table_view_schedules_org_id_key" ON "table_view_schedules" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "table_view_schedules_view_key" ON "table_view_schedules" USING btree ("organization_id","view_id");--> statement-breakpoint
CREATE UNIQUE INDEX "table_views_org_id_key" ON "table_views" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "table_views_owner_path_name_key" ON "table_views" USING btree ("organization_id","owner_user_id","path","name");--> statement-breakpoint
CREATE INDEX "table_views_path_idx" ON "table_views" USING btree ("organization_id","path");--> statement-breakpoint
ALTER TABLE "table_column_preferences" ADD CONSTRAINT "table_column_preferences_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "table_column_preferences" ADD CONSTRAINT "table_column_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "table_view_schedule_runs" ADD CONSTRAINT "table_view_schedule_runs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "table_view_schedule_runs" ADD CONSTRAINT "table_view_schedule_runs_recipient_user_id_users_id_fk" FOREIGN KEY ("recipient_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "table_view_schedule_runs" ADD CONSTRAINT "table_view_schedule_runs_schedule_fkey" FOREIGN KEY ("organization_id","schedule_id") REFERENCES "public"."table_view_schedules"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "table_view_schedules" ADD CONSTRAINT "table_view_schedules_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "table_view_schedules" ADD CONSTRAINT "table_view_schedules_view_fkey" FOREIGN KEY ("organization_id","view_id") REFERENCES "public"."table_views"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "table_views" ADD CONSTRAINT "table_views_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "table_views" ADD CONSTRAINT "table_views_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "table_column_preferences" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "table_view_schedule_runs" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "table_view_schedules" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "table_views" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
-- The scheduled view exports' cron task runs with no tenant: this is the one question it asks across
-- tenants (which organizations have an active schedule, and their time zone). Each schedule is then
-- read, and its export rendered, inside withTenant as each recipient.
CREATE OR REPLACE FUNCTION app_private.active_view_schedules()
RETURNS TABLE (organization_id uuid, schedule_id uuid, time_zone text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT s.organization_id, s.id, o.time_zone
  FROM table_view_schedules s JOIN organizations o ON o.id = s.organization_id
  WHERE s.active
  ORDER BY s.organization_id, s.id
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.active_view_schedules() FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.active_view_schedules() TO secg_app;
