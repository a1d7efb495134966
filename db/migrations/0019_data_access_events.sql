CREATE TABLE "data_access_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"actor_user_id" uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid,
	"view" text NOT NULL,
	"format" text NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"row_count" integer NOT NULL,
	"request_id" text DEFAULT nullif(current_setting('app.request_id', true), ''),
	"ip" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "data_access_events_format_check" CHECK ("data_access_events"."format" in ('page', 'xlsx', 'pdf')),
	CONSTRAINT "data_access_events_row_count_check" CHECK ("data_access_events"."row_count" >= 0)
);
--> statement-breakpoint
ALTER TABLE "data_access_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "data_access_events" ADD CONSTRAINT "data_access_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_access_events" ADD CONSTRAINT "data_access_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_access_events_org_time_idx" ON "data_access_events" USING btree ("organization_id","occurred_at","id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "data_access_events" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
-- app_private.secure_tables() reads this comment: the app role may only SELECT and INSERT.
COMMENT ON TABLE data_access_events IS '@append-only: who viewed or downloaded which financial view, with its filters and row count';
