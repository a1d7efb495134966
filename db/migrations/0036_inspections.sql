CREATE TABLE "checklist_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"section_id" uuid NOT NULL,
	"prompt" text NOT NULL,
	"guidance" text DEFAULT '' NOT NULL,
	"required" boolean DEFAULT true NOT NULL,
	"on_fail" text DEFAULT 'punch_item' NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "checklist_items_on_fail_check" CHECK (on_fail in ('punch_item', 'observation'))
);
--> statement-breakpoint
ALTER TABLE "checklist_items" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "checklist_sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checklist_sections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "checklist_template_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"version_number" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checklist_template_versions_status_check" CHECK ((status = 'draft' and published_at is null) or (status = 'published' and published_at is not null))
);
--> statement-breakpoint
ALTER TABLE "checklist_template_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "checklist_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "checklist_templates_kind_check" CHECK (kind in ('quality', 'safety'))
);
--> statement-breakpoint
ALTER TABLE "checklist_templates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "inspection_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"inspection_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"result" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"punch_item_id" uuid,
	"observation_id" uuid,
	"answered_by" uuid,
	"answered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_answers_result_check" CHECK (result in ('pass', 'fail', 'na')),
	CONSTRAINT "inspection_answers_fail_note_check" CHECK (result <> 'fail' or length(btrim(note)) > 0)
);
--> statement-breakpoint
ALTER TABLE "inspection_answers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"template_version_id" uuid NOT NULL,
	"title" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"milestone_id" uuid,
	"inspector_id" uuid,
	"inspected_on" date NOT NULL,
	"status" text DEFAULT 'in_progress' NOT NULL,
	"signed_name" text,
	"signed_at" date,
	"completed_by" uuid,
	"completed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspections_status_check" CHECK (status in ('in_progress', 'completed')),
	CONSTRAINT "inspections_signature_check" CHECK (status = 'in_progress' or (length(btrim(signed_name)) > 0 and signed_at is not null and completed_at is not null))
);
--> statement-breakpoint
ALTER TABLE "inspections" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ncrs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"inspection_id" uuid,
	"answer_id" uuid,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"root_cause" text DEFAULT '' NOT NULL,
	"corrective_action" text DEFAULT '' NOT NULL,
	"verified_by_name" text DEFAULT '' NOT NULL,
	"verified_on" date,
	"verification_method" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"raised_by" uuid,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ncrs_status_check" CHECK (status in ('open', 'corrective_action', 'verified', 'closed')),
	CONSTRAINT "ncrs_corrective_action_check" CHECK (status = 'open' or length(btrim(corrective_action)) > 0),
	CONSTRAINT "ncrs_verification_check" CHECK (status in ('open', 'corrective_action') or (length(btrim(verified_by_name)) > 0 and verified_on is not null and length(btrim(verification_method)) > 0)),
	CONSTRAINT "ncrs_closed_check" CHECK ((status = 'closed') = (closed_at is not null))
);
--> statement-breakpoint
ALTER TABLE "ncrs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- The (organization_id, id) keys first: the foreign keys below reference them.
CREATE UNIQUE INDEX "checklist_items_org_id_key" ON "checklist_items" USING btree ("organization_id","id");
--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_sections_org_id_key" ON "checklist_sections" USING btree ("organization_id","id");
--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_template_versions_org_id_key" ON "checklist_template_versions" USING btree ("organization_id","id");
--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_templates_org_id_key" ON "checklist_templates" USING btree ("organization_id","id");
--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_answers_org_id_key" ON "inspection_answers" USING btree ("organization_id","id");
--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_org_id_key" ON "inspections" USING btree ("organization_id","id");
--> statement-breakpoint
CREATE UNIQUE INDEX "ncrs_org_id_key" ON "ncrs" USING btree ("organization_id","id");
--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_version_fkey" FOREIGN KEY ("organization_id","version_id") REFERENCES "public"."checklist_template_versions"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_section_fkey" FOREIGN KEY ("organization_id","section_id") REFERENCES "public"."checklist_sections"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_sections" ADD CONSTRAINT "checklist_sections_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_sections" ADD CONSTRAINT "checklist_sections_version_fkey" FOREIGN KEY ("organization_id","version_id") REFERENCES "public"."checklist_template_versions"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_template_versions" ADD CONSTRAINT "checklist_template_versions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_template_versions" ADD CONSTRAINT "checklist_template_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_template_versions" ADD CONSTRAINT "checklist_template_versions_template_fkey" FOREIGN KEY ("organization_id","template_id") REFERENCES "public"."checklist_templates"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checklist_templates" ADD CONSTRAINT "checklist_templates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_answers" ADD CONSTRAINT "inspection_answers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_answers" ADD CONSTRAINT "inspection_answers_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_answers" ADD CONSTRAINT "inspection_answers_inspection_fkey" FOREIGN KEY ("organization_id","inspection_id") REFERENCES "public"."inspections"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_answers" ADD CONSTRAINT "inspection_answers_item_fkey" FOREIGN KEY ("organization_id","item_id") REFERENCES "public"."checklist_items"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_answers" ADD CONSTRAINT "inspection_answers_punch_item_fkey" FOREIGN KEY ("organization_id","punch_item_id") REFERENCES "public"."punch_items"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_answers" ADD CONSTRAINT "inspection_answers_observation_fkey" FOREIGN KEY ("organization_id","observation_id") REFERENCES "public"."observations"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_inspector_id_users_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_completed_by_users_id_fk" FOREIGN KEY ("completed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_template_version_fkey" FOREIGN KEY ("organization_id","template_version_id") REFERENCES "public"."checklist_template_versions"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_milestone_fkey" FOREIGN KEY ("organization_id","milestone_id") REFERENCES "public"."project_milestones"("organization_id","id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ncrs" ADD CONSTRAINT "ncrs_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ncrs" ADD CONSTRAINT "ncrs_raised_by_users_id_fk" FOREIGN KEY ("raised_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ncrs" ADD CONSTRAINT "ncrs_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ncrs" ADD CONSTRAINT "ncrs_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ncrs" ADD CONSTRAINT "ncrs_inspection_fkey" FOREIGN KEY ("organization_id","inspection_id") REFERENCES "public"."inspections"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ncrs" ADD CONSTRAINT "ncrs_answer_fkey" FOREIGN KEY ("organization_id","answer_id") REFERENCES "public"."inspection_answers"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_items_org_version_position_key" ON "checklist_items" USING btree ("organization_id","version_id","position");--> statement-breakpoint
CREATE INDEX "checklist_items_org_section_idx" ON "checklist_items" USING btree ("organization_id","section_id");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_sections_org_version_position_key" ON "checklist_sections" USING btree ("organization_id","version_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_template_versions_org_number_key" ON "checklist_template_versions" USING btree ("organization_id","template_id","version_number");--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_template_versions_org_draft_key" ON "checklist_template_versions" USING btree ("organization_id","template_id") WHERE status = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "checklist_templates_org_name_key" ON "checklist_templates" USING btree ("organization_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_answers_org_inspection_item_key" ON "inspection_answers" USING btree ("organization_id","inspection_id","item_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_org_project_number_key" ON "inspections" USING btree ("organization_id","project_id","number");--> statement-breakpoint
CREATE INDEX "inspections_org_project_inspected_idx" ON "inspections" USING btree ("organization_id","project_id","inspected_on");--> statement-breakpoint
CREATE UNIQUE INDEX "ncrs_org_project_number_key" ON "ncrs" USING btree ("organization_id","project_id","number");--> statement-breakpoint
CREATE INDEX "ncrs_org_inspection_idx" ON "ncrs" USING btree ("organization_id","inspection_id");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "checklist_items" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "checklist_sections" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "checklist_template_versions" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "checklist_templates" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "inspection_answers" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "inspections" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "ncrs" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));
--> statement-breakpoint
-- A composite tenant foreign key's SET NULL would null organization_id too: null only the link (as 0015 does).
ALTER TABLE "inspections" DROP CONSTRAINT "inspections_milestone_fkey";--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_milestone_fkey" FOREIGN KEY ("organization_id","milestone_id") REFERENCES "public"."project_milestones"("organization_id","id") ON DELETE SET NULL ("milestone_id") ON UPDATE no action;--> statement-breakpoint
-- A published checklist version is frozen: its row, sections and items refuse every change, for
-- every writer (inspections ran on it and must read the same). Only a draft changes, or is published.
-- Deletes cascading from a parent (pg_trigger_depth() > 1: an organization removed) pass.
CREATE OR REPLACE FUNCTION app_private.checklist_version_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  version_id uuid;
  version_status text;
BEGIN
  IF TG_OP = 'DELETE' AND pg_trigger_depth() > 1 THEN
    RETURN OLD;
  END IF;
  IF TG_TABLE_NAME = 'checklist_template_versions' THEN
    IF OLD.status = 'published' THEN
      RAISE EXCEPTION 'checklist version % is published and cannot change', OLD.version_number USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  version_id := CASE WHEN TG_OP = 'DELETE' THEN OLD.version_id ELSE NEW.version_id END;
  SELECT status INTO version_status FROM public.checklist_template_versions WHERE id = version_id;
  IF version_status = 'published' OR (TG_OP = 'UPDATE' AND OLD.version_id <> NEW.version_id) THEN
    RAISE EXCEPTION 'the items of a published checklist version cannot change' USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;--> statement-breakpoint
CREATE TRIGGER checklist_template_versions_frozen BEFORE UPDATE OR DELETE ON public.checklist_template_versions FOR EACH ROW EXECUTE FUNCTION app_private.checklist_version_frozen();--> statement-breakpoint
CREATE TRIGGER checklist_sections_frozen BEFORE INSERT OR UPDATE OR DELETE ON public.checklist_sections FOR EACH ROW EXECUTE FUNCTION app_private.checklist_version_frozen();--> statement-breakpoint
CREATE TRIGGER checklist_items_frozen BEFORE INSERT OR UPDATE OR DELETE ON public.checklist_items FOR EACH ROW EXECUTE FUNCTION app_private.checklist_version_frozen();--> statement-breakpoint
-- A completed (signed) inspection is locked: neither it nor its answers change or go away, for
-- every writer. Cascades from a parent's delete or a milestone's SET NULL (trigger depth > 1) pass.
CREATE OR REPLACE FUNCTION app_private.inspection_locked() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  inspection_status text;
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_TABLE_NAME = 'inspections' THEN
    inspection_status := OLD.status;
  ELSE
    SELECT status INTO inspection_status FROM public.inspections
      WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.inspection_id ELSE NEW.inspection_id END;
  END IF;
  IF inspection_status = 'completed' THEN
    RAISE EXCEPTION 'this inspection is completed and signed: it cannot change' USING ERRCODE = 'check_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;--> statement-breakpoint
CREATE TRIGGER inspections_locked BEFORE UPDATE OR DELETE ON public.inspections FOR EACH ROW EXECUTE FUNCTION app_private.inspection_locked();--> statement-breakpoint
CREATE TRIGGER inspection_answers_locked BEFORE INSERT OR UPDATE OR DELETE ON public.inspection_answers FOR EACH ROW EXECUTE FUNCTION app_private.inspection_locked();
