CREATE TABLE "ap_invoice_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"ap_invoice_id" uuid NOT NULL,
	"line_number" integer NOT NULL,
	"commitment_line_id" uuid,
	"cost_code_id" uuid NOT NULL,
	"cost_type_id" uuid NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"this_period" numeric(14, 2) DEFAULT '0' NOT NULL,
	"stored_materials" numeric(14, 2) DEFAULT '0' NOT NULL,
	"amount" numeric(14, 2) DEFAULT '0' NOT NULL,
	"retainage" numeric(14, 2) DEFAULT '0' NOT NULL,
	"retainage_released" numeric(14, 2) DEFAULT '0' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ap_invoice_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ap_invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"commitment_id" uuid,
	"kind" text DEFAULT 'progress' NOT NULL,
	"invoice_number" text NOT NULL,
	"invoice_date" date NOT NULL,
	"due_date" date NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"retainage_rate" numeric(9, 6) DEFAULT '0' NOT NULL,
	"total" numeric(14, 2) DEFAULT '0' NOT NULL,
	"retainage" numeric(14, 2) DEFAULT '0' NOT NULL,
	"amount_due" numeric(14, 2) DEFAULT '0' NOT NULL,
	"submitted_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"rejection_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ap_invoices" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "ap_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"ap_invoice_id" uuid NOT NULL,
	"paid_on" date NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"method" text NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"is_retainage" boolean DEFAULT false NOT NULL,
	"created_by" uuid DEFAULT nullif(current_setting('app.user_id', true), '')::uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ap_payments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "block_payments_without_compliance" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "vendors" ADD COLUMN "insurance_expires_on" date;--> statement-breakpoint
ALTER TABLE "vendors" ADD COLUMN "lien_waiver_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "vendors" ADD COLUMN "lien_waiver_received" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Indexes first: each composite (organization_id, id) foreign key needs its target's unique index.
CREATE UNIQUE INDEX "ap_invoice_lines_org_id_key" ON "ap_invoice_lines" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ap_invoice_lines_org_invoice_line_key" ON "ap_invoice_lines" USING btree ("organization_id","ap_invoice_id","line_number");--> statement-breakpoint
CREATE UNIQUE INDEX "ap_invoice_lines_org_invoice_commitment_line_key" ON "ap_invoice_lines" USING btree ("organization_id","ap_invoice_id","commitment_line_id");--> statement-breakpoint
CREATE INDEX "ap_invoice_lines_commitment_line_idx" ON "ap_invoice_lines" USING btree ("organization_id","commitment_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ap_invoices_org_id_key" ON "ap_invoices" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "ap_invoices_org_vendor_number_key" ON "ap_invoices" USING btree ("organization_id","vendor_id","invoice_number") WHERE status <> 'void';--> statement-breakpoint
CREATE INDEX "ap_invoices_status_due_idx" ON "ap_invoices" USING btree ("organization_id","status","due_date");--> statement-breakpoint
CREATE INDEX "ap_invoices_vendor_idx" ON "ap_invoices" USING btree ("organization_id","vendor_id");--> statement-breakpoint
CREATE INDEX "ap_invoices_project_idx" ON "ap_invoices" USING btree ("organization_id","project_id");--> statement-breakpoint
CREATE INDEX "ap_invoices_commitment_idx" ON "ap_invoices" USING btree ("organization_id","commitment_id");--> statement-breakpoint
CREATE INDEX "ap_payments_invoice_idx" ON "ap_payments" USING btree ("organization_id","ap_invoice_id");--> statement-breakpoint
ALTER TABLE "ap_invoice_lines" ADD CONSTRAINT "ap_invoice_lines_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_invoice_lines" ADD CONSTRAINT "ap_invoice_lines_invoice_fkey" FOREIGN KEY ("organization_id","ap_invoice_id") REFERENCES "public"."ap_invoices"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_invoice_lines" ADD CONSTRAINT "ap_invoice_lines_commitment_line_fkey" FOREIGN KEY ("organization_id","commitment_line_id") REFERENCES "public"."commitment_lines"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_invoice_lines" ADD CONSTRAINT "ap_invoice_lines_cost_code_fkey" FOREIGN KEY ("organization_id","cost_code_id") REFERENCES "public"."cost_codes"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_invoice_lines" ADD CONSTRAINT "ap_invoice_lines_cost_type_fkey" FOREIGN KEY ("organization_id","cost_type_id") REFERENCES "public"."cost_types"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_invoices" ADD CONSTRAINT "ap_invoices_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_invoices" ADD CONSTRAINT "ap_invoices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_invoices" ADD CONSTRAINT "ap_invoices_vendor_fkey" FOREIGN KEY ("organization_id","vendor_id") REFERENCES "public"."vendors"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_invoices" ADD CONSTRAINT "ap_invoices_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_invoices" ADD CONSTRAINT "ap_invoices_commitment_fkey" FOREIGN KEY ("organization_id","commitment_id") REFERENCES "public"."commitments"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_payments" ADD CONSTRAINT "ap_payments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_payments" ADD CONSTRAINT "ap_payments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_payments" ADD CONSTRAINT "ap_payments_invoice_fkey" FOREIGN KEY ("organization_id","ap_invoice_id") REFERENCES "public"."ap_invoices"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "ap_invoice_lines" AS PERMISSIVE FOR ALL TO public USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "ap_invoices" AS PERMISSIVE FOR ALL TO public USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "ap_payments" AS PERMISSIVE FOR ALL TO public USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE ap_invoices ADD CONSTRAINT ap_invoices_kind_check CHECK (kind IN ('progress', 'retainage_release') AND (kind = 'progress' OR commitment_id IS NOT NULL));--> statement-breakpoint
ALTER TABLE ap_invoices ADD CONSTRAINT ap_invoices_status_check CHECK (status IN ('draft', 'pending_approval', 'approved', 'paid', 'void')
  AND (status <> 'pending_approval' OR submitted_at IS NOT NULL)
  AND (status NOT IN ('approved', 'paid') OR approved_at IS NOT NULL));--> statement-breakpoint
ALTER TABLE ap_invoices ADD CONSTRAINT ap_invoices_dates_check CHECK (due_date >= invoice_date);--> statement-breakpoint
-- Direct costs carry no retainage; the totals tie: amount due = total − retainage.
ALTER TABLE ap_invoices ADD CONSTRAINT ap_invoices_amounts_check CHECK (retainage_rate BETWEEN 0 AND 1
  AND (commitment_id IS NOT NULL OR retainage_rate = 0)
  AND total >= 0 AND retainage BETWEEN 0 AND total AND amount_due = total - retainage);--> statement-breakpoint
ALTER TABLE ap_invoice_lines ADD CONSTRAINT ap_invoice_lines_amounts_check CHECK (this_period >= 0 AND stored_materials >= 0
  AND amount = this_period + stored_materials AND retainage BETWEEN 0 AND amount AND retainage_released >= 0);--> statement-breakpoint
ALTER TABLE ap_payments ADD CONSTRAINT ap_payments_check CHECK (amount > 0 AND method IN ('check', 'ach', 'wire', 'card', 'other'));--> statement-breakpoint
COMMENT ON TABLE ap_payments IS '@append-only: a payment out is never edited; the invoice''s open balance is its amount due less these';--> statement-breakpoint
-- ADR 0007: AP invoice lines reach their project through the invoice ('ap_invoice_id').
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
    WHEN 'ap_invoice_id' THEN array(SELECT project_id FROM public.ap_invoices WHERE id = ANY (keys))
  END;
  INSERT INTO public.budget_figure_state AS s (organization_id, project_id)
  SELECT p.organization_id, p.id FROM public.projects p WHERE p.id = ANY (changed) ORDER BY p.id
  ON CONFLICT (organization_id, project_id) DO UPDATE SET source_version = s.source_version + 1, updated_at = now();
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE
  source record;
  op text;
BEGIN
  FOR source IN SELECT * FROM (VALUES ('ap_invoices', 'project_id'), ('ap_invoice_lines', 'ap_invoice_id')) AS t(tbl, via) LOOP
    FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
      EXECUTE format(
        'CREATE TRIGGER budget_figures_%2$s AFTER %2$s ON public.%1$I REFERENCING %3$s FOR EACH STATEMENT EXECUTE FUNCTION app_private.budget_figures_changed(%4$L)',
        source.tbl, op,
        CASE op WHEN 'insert' THEN 'NEW TABLE AS new_rows' WHEN 'delete' THEN 'OLD TABLE AS old_rows' ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END,
        source.via);
    END LOOP;
  END LOOP;
END $$;
