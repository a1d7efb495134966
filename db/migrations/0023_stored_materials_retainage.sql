ALTER TABLE "prime_contracts" ADD COLUMN "stored_retainage_rate" numeric(9, 6);--> statement-breakpoint
ALTER TABLE "pay_applications" ADD COLUMN "stored_retainage_rate" numeric(9, 6);--> statement-breakpoint
ALTER TABLE "prime_contracts" ADD CONSTRAINT "prime_contracts_stored_rate_check" CHECK (stored_retainage_rate BETWEEN 0 AND 1);--> statement-breakpoint
ALTER TABLE "pay_applications" ADD CONSTRAINT "pay_applications_stored_rate_check" CHECK (stored_retainage_rate BETWEEN 0 AND 1);
