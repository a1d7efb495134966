CREATE TABLE "observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" text NOT NULL,
	"severity" text DEFAULT 'medium' NOT NULL,
	"description" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"vendor_id" uuid,
	"assignee_user_id" uuid,
	"due_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"corrective_action" text DEFAULT '' NOT NULL,
	"punch_item_id" uuid,
	"source_kind" text,
	"source_id" uuid,
	"created_by" uuid,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observations_status_check" CHECK (status in ('open', 'closed')),
	CONSTRAINT "observations_kind_check" CHECK (kind in ('safety', 'quality', 'environmental', 'housekeeping')),
	CONSTRAINT "observations_severity_check" CHECK (severity in ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "observations_description_check" CHECK (length(btrim(description)) > 0),
	CONSTRAINT "observations_source_check" CHECK ((source_kind is null and source_id is null) or (source_kind = 'inspection_answer' and source_id is not null)),
	CONSTRAINT "observations_closed_check" CHECK ((status = 'closed') = (closed_at is not null))
);
--> statement-breakpoint
ALTER TABLE "observations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "punch_item_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"punch_item_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"by_user_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "punch_item_events_action_check" CHECK (action in ('created', 'submitted', 'closed', 'not_accepted', 'reopened', 'assigned'))
);
--> statement-breakpoint
ALTER TABLE "punch_item_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "punch_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"drawing_ref" text DEFAULT '' NOT NULL,
	"vendor_id" uuid,
	"trade" text DEFAULT '' NOT NULL,
	"assignee_user_id" uuid,
	"due_date" date,
	"priority" text DEFAULT 'normal' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"not_accepted_count" integer DEFAULT 0 NOT NULL,
	"source_kind" text,
	"source_id" uuid,
	"created_by" uuid,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "punch_items_status_check" CHECK (status in ('open', 'ready_for_review', 'closed')),
	CONSTRAINT "punch_items_priority_check" CHECK (priority in ('low', 'normal', 'high', 'critical')),
	CONSTRAINT "punch_items_title_check" CHECK (length(btrim(title)) > 0),
	CONSTRAINT "punch_items_source_check" CHECK ((source_kind is null and source_id is null) or (source_kind in ('inspection_answer', 'observation') and source_id is not null)),
	CONSTRAINT "punch_items_closed_check" CHECK ((status = 'closed') = (closed_at is not null))
);
--> statement-breakpoint
ALTER TABLE "punch_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "observations_org_id_key" ON "observations" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "observations_org_project_number_key" ON "observations" USING btree ("organization_id","project_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "punch_items_org_id_key" ON "punch_items" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "punch_items_org_project_number_key" ON "punch_items" USING btree ("organization_id","project_id","number");--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_vendor_fkey" FOREIGN KEY ("organization_id","vendor_id") REFERENCES "public"."vendors"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_punch_item_fkey" FOREIGN KEY ("organization_id","punch_item_id") REFERENCES "public"."punch_items"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punch_item_events" ADD CONSTRAINT "punch_item_events_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punch_item_events" ADD CONSTRAINT "punch_item_events_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punch_item_events" ADD CONSTRAINT "punch_item_events_item_fkey" FOREIGN KEY ("organization_id","punch_item_id") REFERENCES "public"."punch_items"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punch_items" ADD CONSTRAINT "punch_items_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punch_items" ADD CONSTRAINT "punch_items_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punch_items" ADD CONSTRAINT "punch_items_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punch_items" ADD CONSTRAINT "punch_items_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punch_items" ADD CONSTRAINT "punch_items_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "punch_items" ADD CONSTRAINT "punch_items_vendor_fkey" FOREIGN KEY ("organization_id","vendor_id") REFERENCES "public"."vendors"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observations_org_project_status_idx" ON "observations" USING btree ("organization_id","project_id","status");--> statement-breakpoint
CREATE INDEX "punch_item_events_org_item_idx" ON "punch_item_events" USING btree ("organization_id","punch_item_id","at");--> statement-breakpoint
CREATE INDEX "punch_items_org_project_status_idx" ON "punch_items" USING btree ("organization_id","project_id","status");--> statement-breakpoint
CREATE INDEX "punch_items_org_vendor_status_idx" ON "punch_items" USING btree ("organization_id","vendor_id","status");--> statement-breakpoint
CREATE INDEX "punch_items_org_source_idx" ON "punch_items" USING btree ("organization_id","source_kind","source_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "observations" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "punch_item_events" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "punch_items" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
-- A punch item's history is a record: the app role may only insert and read it (app_private.secure_tables() reads this).
COMMENT ON TABLE punch_item_events IS '@append-only: a punch item''s history is never edited; each transition adds a row';
