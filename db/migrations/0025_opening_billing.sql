ALTER TABLE "pay_applications" DROP CONSTRAINT "pay_applications_kind_check";--> statement-breakpoint
ALTER TABLE "pay_application_lines" ADD COLUMN "retainage_opening_difference" numeric(14, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "pay_applications" ADD COLUMN "received_before_onboarding" numeric(14, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "pay_applications" ADD CONSTRAINT "pay_applications_kind_check" CHECK (kind in ('progress', 'retainage_release', 'opening'));--> statement-breakpoint
-- An opening position (kind 'opening', ADR 0013) is stored certified but stays editable, header and
-- lines, until an application follows it; every other certified application stays frozen.
CREATE OR REPLACE FUNCTION app_private.pay_application_frozen() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  frozen_number integer;
BEGIN
  IF TG_TABLE_NAME = 'pay_applications' THEN
    IF OLD.status IN ('certified', 'paid')
      AND NOT (OLD.kind = 'opening' AND NEW.kind = 'opening' AND NOT EXISTS (
        SELECT 1 FROM public.pay_applications b WHERE b.project_id = OLD.project_id AND b.number > OLD.number))
      AND (
        NEW.status NOT IN ('certified', 'paid')
        OR (to_jsonb(NEW) - ARRAY['status', 'version', 'updated_at']) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['status', 'version', 'updated_at'])
      ) THEN
      RAISE EXCEPTION 'pay application #% is certified and cannot be changed', OLD.number USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;
  SELECT a.number INTO frozen_number FROM public.pay_applications a
  WHERE a.id = NEW.pay_application_id AND a.status IN ('certified', 'paid')
    AND NOT (a.kind = 'opening' AND NOT EXISTS (
      SELECT 1 FROM public.pay_applications b WHERE b.project_id = a.project_id AND b.number > a.number));
  IF FOUND THEN
    RAISE EXCEPTION 'pay application #% is certified and cannot be changed', frozen_number USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
