CREATE TABLE "milestone_predecessors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"milestone_id" uuid NOT NULL,
	"predecessor_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "milestone_predecessors_not_self_check" CHECK (milestone_id <> predecessor_id)
);
--> statement-breakpoint
ALTER TABLE "milestone_predecessors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD COLUMN "forecast_date" date;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD COLUMN "start_date" date;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD COLUMN "vendor_id" uuid;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD COLUMN "responsible_user_id" uuid;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD COLUMN "responsible" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "milestone_predecessors" ADD CONSTRAINT "milestone_predecessors_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "project_milestones_org_project_id_key" ON "project_milestones" USING btree ("organization_id","project_id","id");--> statement-breakpoint
ALTER TABLE "milestone_predecessors" ADD CONSTRAINT "milestone_predecessors_milestone_fkey" FOREIGN KEY ("organization_id","project_id","milestone_id") REFERENCES "public"."project_milestones"("organization_id","project_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "milestone_predecessors" ADD CONSTRAINT "milestone_predecessors_predecessor_fkey" FOREIGN KEY ("organization_id","project_id","predecessor_id") REFERENCES "public"."project_milestones"("organization_id","project_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "milestone_predecessors_org_pair_key" ON "milestone_predecessors" USING btree ("organization_id","milestone_id","predecessor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "milestone_predecessors_org_predecessor_key" ON "milestone_predecessors" USING btree ("organization_id","predecessor_id","milestone_id");--> statement-breakpoint
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_responsible_user_id_users_id_fk" FOREIGN KEY ("responsible_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_milestones" ADD CONSTRAINT "project_milestones_vendor_fkey" FOREIGN KEY ("organization_id","vendor_id") REFERENCES "public"."vendors"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "milestone_predecessors" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));