CREATE TABLE "ar_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"pay_application_id" uuid NOT NULL,
	"received_on" date NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"method" text NOT NULL,
	"reference" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ar_payments_amount_check" CHECK (amount > 0)
);--> statement-breakpoint
ALTER TABLE "ar_payments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "pay_application_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"pay_application_id" uuid NOT NULL,
	"sov_line_id" uuid NOT NULL,
	"line_number" integer NOT NULL,
	"description" text NOT NULL,
	"scheduled_value" numeric(14, 2) NOT NULL,
	"previous_completed" numeric(14, 2) DEFAULT '0' NOT NULL,
	"previous_stored" numeric(14, 2) DEFAULT '0' NOT NULL,
	"this_period" numeric(14, 2) DEFAULT '0' NOT NULL,
	"stored_now" numeric(14, 2) DEFAULT '0' NOT NULL,
	"retainage_rate" numeric(9, 6) NOT NULL,
	"stored_retainage_rate" numeric(9, 6) NOT NULL,
	"retainage_released_before" numeric(14, 2) DEFAULT '0' NOT NULL,
	"retainage_on_completed" numeric(14, 2) DEFAULT '0' NOT NULL,
	"retainage_on_stored" numeric(14, 2) DEFAULT '0' NOT NULL,
	"retainage" numeric(14, 2) DEFAULT '0' NOT NULL,
	"released" numeric(14, 2) DEFAULT '0' NOT NULL,
	"correction" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
ALTER TABLE "pay_application_lines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "pay_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"contract_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"kind" text DEFAULT 'progress' NOT NULL,
	"period_end" date NOT NULL,
	"application_date" date NOT NULL,
	"due_date" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"retainage_rate" numeric(9, 6) NOT NULL,
	"retainage_cap_rate" numeric(9, 6),
	"retainage_step_down_rate" numeric(9, 6),
	"line1_original_contract_sum" numeric(14, 2) DEFAULT '0' NOT NULL,
	"line2_net_change" numeric(14, 2) DEFAULT '0' NOT NULL,
	"line3_contract_sum_to_date" numeric(14, 2) DEFAULT '0' NOT NULL,
	"line4_completed_and_stored" numeric(14, 2) DEFAULT '0' NOT NULL,
	"line5a_retainage_completed" numeric(14, 2) DEFAULT '0' NOT NULL,
	"line5b_retainage_stored" numeric(14, 2) DEFAULT '0' NOT NULL,
	"line5_retainage" numeric(14, 2) DEFAULT '0' NOT NULL,
	"line6_earned_less_retainage" numeric(14, 2) DEFAULT '0' NOT NULL,
	"line7_previous_certificates" numeric(14, 2) DEFAULT '0' NOT NULL,
	"line8_current_payment_due" numeric(14, 2) DEFAULT '0' NOT NULL,
	"line9_balance_to_finish" numeric(14, 2) DEFAULT '0' NOT NULL,
	"submitted_at" timestamp with time zone,
	"certified_at" timestamp with time zone,
	"certified_by" uuid,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pay_applications_status_check" CHECK (status in ('draft', 'submitted', 'certified', 'paid')),
	CONSTRAINT "pay_applications_kind_check" CHECK (kind in ('progress', 'retainage_release'))
);--> statement-breakpoint
ALTER TABLE "pay_applications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE UNIQUE INDEX "ar_payments_org_id_key" ON "ar_payments" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "pay_application_lines_org_id_key" ON "pay_application_lines" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "pay_application_lines_org_app_sov_key" ON "pay_application_lines" USING btree ("organization_id","pay_application_id","sov_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "pay_applications_org_id_key" ON "pay_applications" USING btree ("organization_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "pay_applications_org_project_number_key" ON "pay_applications" USING btree ("organization_id","project_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "pay_applications_one_open_key" ON "pay_applications" USING btree ("organization_id","project_id") WHERE status in ('draft', 'submitted');--> statement-breakpoint
ALTER TABLE "ar_payments" ADD CONSTRAINT "ar_payments_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ar_payments" ADD CONSTRAINT "ar_payments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ar_payments" ADD CONSTRAINT "ar_payments_app_fkey" FOREIGN KEY ("organization_id","pay_application_id") REFERENCES "public"."pay_applications"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_application_lines" ADD CONSTRAINT "pay_application_lines_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_application_lines" ADD CONSTRAINT "pay_application_lines_app_fkey" FOREIGN KEY ("organization_id","pay_application_id") REFERENCES "public"."pay_applications"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_application_lines" ADD CONSTRAINT "pay_application_lines_sov_fkey" FOREIGN KEY ("organization_id","sov_line_id") REFERENCES "public"."sov_lines"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_applications" ADD CONSTRAINT "pay_applications_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_applications" ADD CONSTRAINT "pay_applications_certified_by_users_id_fk" FOREIGN KEY ("certified_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_applications" ADD CONSTRAINT "pay_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_applications" ADD CONSTRAINT "pay_applications_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pay_applications" ADD CONSTRAINT "pay_applications_contract_fkey" FOREIGN KEY ("organization_id","contract_id") REFERENCES "public"."prime_contracts"("organization_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ar_payments_app_idx" ON "ar_payments" USING btree ("organization_id","pay_application_id");--> statement-breakpoint
CREATE INDEX "pay_applications_org_status_idx" ON "pay_applications" USING btree ("organization_id","status","due_date");--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "ar_payments" AS PERMISSIVE FOR ALL TO public USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "pay_application_lines" AS PERMISSIVE FOR ALL TO public USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "pay_applications" AS PERMISSIVE FOR ALL TO public USING (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid) WITH CHECK (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);--> statement-breakpoint
-- A certified (or paid) application is immutable (DOMAIN.md): only certified → paid may change,
-- with its version stamp. The services refuse first; this makes it hold for any writer.
CREATE OR REPLACE FUNCTION app_private.pay_application_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  frozen_number integer;
BEGIN
  IF TG_TABLE_NAME = 'pay_applications' THEN
    IF OLD.status IN ('certified', 'paid') AND (
      NEW.status NOT IN ('certified', 'paid')
      OR (to_jsonb(NEW) - ARRAY['status', 'version', 'updated_at']) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'version', 'updated_at'])
    ) THEN
      RAISE EXCEPTION 'pay application #% is certified and cannot be changed', OLD.number USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  SELECT a.number INTO frozen_number FROM public.pay_applications a
  WHERE a.id = NEW.pay_application_id AND a.status IN ('certified', 'paid');
  IF FOUND THEN
    RAISE EXCEPTION 'pay application #% is certified and cannot be changed', frozen_number USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER pay_applications_frozen BEFORE UPDATE ON public.pay_applications FOR EACH ROW EXECUTE FUNCTION app_private.pay_application_frozen();--> statement-breakpoint
CREATE TRIGGER pay_application_lines_frozen BEFORE INSERT OR UPDATE ON public.pay_application_lines FOR EACH ROW EXECUTE FUNCTION app_private.pay_application_frozen();
