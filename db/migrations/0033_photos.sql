CREATE TABLE "photos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" uuid,
	"stage" text,
	"caption" text DEFAULT '' NOT NULL,
	"taken_at" timestamp with time zone,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"bytes" integer NOT NULL,
	"content_type" text NOT NULL,
	"storage_key" text NOT NULL,
	"thumb_key" text NOT NULL,
	"gps_latitude" numeric(9, 6),
	"gps_longitude" numeric(9, 6),
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "photos_subject_kind_check" CHECK (subject_kind in ('project', 'daily_log', 'punch_item', 'observation', 'inspection_answer', 'ncr')),
	CONSTRAINT "photos_subject_id_check" CHECK ((subject_kind = 'project') = (subject_id is null)),
	CONSTRAINT "photos_stage_check" CHECK (stage is null or stage in ('before', 'after')),
	CONSTRAINT "photos_size_check" CHECK (width > 0 and height > 0 and bytes > 0),
	CONSTRAINT "photos_gps_check" CHECK ((gps_latitude is null) = (gps_longitude is null))
);
--> statement-breakpoint
ALTER TABLE "photos" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "keep_photo_gps" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "photos" ADD CONSTRAINT "photos_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "photos_org_id_key" ON "photos" USING btree ("organization_id","id");--> statement-breakpoint
CREATE INDEX "photos_org_subject_idx" ON "photos" USING btree ("organization_id","subject_kind","subject_id");--> statement-breakpoint
CREATE INDEX "photos_org_project_newest_idx" ON "photos" USING btree ("organization_id","project_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "photos" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));