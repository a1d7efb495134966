ALTER TABLE "prime_contracts" ADD COLUMN "retainage_band_basis" text;--> statement-breakpoint
ALTER TABLE "prime_contracts" ADD COLUMN "retainage_bands" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sov_lines" ADD COLUMN "retainage_rate" numeric(9, 6);--> statement-breakpoint
ALTER TABLE "commitment_lines" ADD COLUMN "retainage_rate" numeric(9, 6);--> statement-breakpoint
ALTER TABLE "commitments" ADD COLUMN "retainage_cap_rate" numeric(9, 6);--> statement-breakpoint
ALTER TABLE "commitments" ADD COLUMN "retainage_band_basis" text;--> statement-breakpoint
ALTER TABLE "commitments" ADD COLUMN "retainage_bands" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "ap_invoice_lines" ADD COLUMN "retainage_rate" numeric(9, 6);--> statement-breakpoint
ALTER TABLE "pay_applications" ADD COLUMN "retainage_band_basis" text;--> statement-breakpoint
ALTER TABLE "pay_applications" ADD COLUMN "retainage_bands" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
-- An existing step-down is the band it always meant: from 50% complete, at the step-down rate.
UPDATE "prime_contracts" SET "retainage_band_basis" = 'percent_complete',
  "retainage_bands" = jsonb_build_array(jsonb_build_object('from', '50', 'rate', retainage_step_down_rate::text))
  WHERE "retainage_step_down_rate" IS NOT NULL;--> statement-breakpoint
UPDATE "pay_applications" SET "retainage_band_basis" = 'percent_complete',
  "retainage_bands" = jsonb_build_array(jsonb_build_object('from', '50', 'rate', retainage_step_down_rate::text))
  WHERE "retainage_step_down_rate" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "prime_contracts" DROP COLUMN "retainage_step_down_rate";--> statement-breakpoint
ALTER TABLE "pay_applications" DROP COLUMN "retainage_step_down_rate";--> statement-breakpoint
-- prime_contracts_rates_check named the dropped column and went with it: the remaining rates are checked again.
ALTER TABLE "prime_contracts" DROP CONSTRAINT IF EXISTS "prime_contracts_rates_check";--> statement-breakpoint
ALTER TABLE "prime_contracts" ADD CONSTRAINT "prime_contracts_rates_check" CHECK (retainage_rate BETWEEN 0 AND 1
  AND (retainage_cap_rate IS NULL OR retainage_cap_rate BETWEEN 0 AND 1));--> statement-breakpoint
ALTER TABLE "sov_lines" ADD CONSTRAINT "sov_lines_retainage_rate_check" CHECK (retainage_rate BETWEEN 0 AND 1);--> statement-breakpoint
ALTER TABLE "commitment_lines" ADD CONSTRAINT "commitment_lines_retainage_rate_check" CHECK (retainage_rate BETWEEN 0 AND 1);--> statement-breakpoint
ALTER TABLE "ap_invoice_lines" ADD CONSTRAINT "ap_invoice_lines_retainage_rate_check" CHECK (retainage_rate BETWEEN 0 AND 1);--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_cap_rate_check" CHECK (retainage_cap_rate BETWEEN 0 AND 1);--> statement-breakpoint
ALTER TABLE "prime_contracts" ADD CONSTRAINT "prime_contracts_bands_check" CHECK (jsonb_typeof(retainage_bands) = 'array'
  AND (retainage_band_basis IS NULL) = (jsonb_array_length(retainage_bands) = 0) AND retainage_band_basis IN ('percent_complete', 'amount_billed'));--> statement-breakpoint
ALTER TABLE "commitments" ADD CONSTRAINT "commitments_bands_check" CHECK (jsonb_typeof(retainage_bands) = 'array'
  AND (retainage_band_basis IS NULL) = (jsonb_array_length(retainage_bands) = 0) AND retainage_band_basis IN ('percent_complete', 'amount_billed'));--> statement-breakpoint
ALTER TABLE "pay_applications" ADD CONSTRAINT "pay_applications_bands_check" CHECK (jsonb_typeof(retainage_bands) = 'array'
  AND (retainage_band_basis IS NULL) = (jsonb_array_length(retainage_bands) = 0) AND retainage_band_basis IN ('percent_complete', 'amount_billed'));
--> statement-breakpoint
-- A vendor invoice against a commitment with bands or a cap pays back retainage held in excess when a step-down or the cap is
-- reached (negative retainage on that invoice, as line 5 of a pay application drops): retainage is at most the amount, no longer at least 0.
ALTER TABLE "ap_invoices" DROP CONSTRAINT "ap_invoices_amounts_check";--> statement-breakpoint
ALTER TABLE "ap_invoices" ADD CONSTRAINT "ap_invoices_amounts_check" CHECK (retainage_rate BETWEEN 0 AND 1
  AND (commitment_id IS NOT NULL OR retainage_rate = 0)
  AND total >= 0 AND retainage <= total AND amount_due = total - retainage);--> statement-breakpoint
ALTER TABLE "ap_invoice_lines" DROP CONSTRAINT "ap_invoice_lines_amounts_check";--> statement-breakpoint
ALTER TABLE "ap_invoice_lines" ADD CONSTRAINT "ap_invoice_lines_amounts_check" CHECK (this_period >= 0 AND stored_materials >= 0
  AND amount = this_period + stored_materials AND retainage <= amount AND retainage_released >= 0);
