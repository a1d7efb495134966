ALTER TABLE "commitments" ADD COLUMN "submitted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "commitments" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
-- Commitments can wait for approval between draft and executed (approval engine, document type 'commitment').
ALTER TABLE commitments DROP CONSTRAINT commitments_status_check;--> statement-breakpoint
ALTER TABLE commitments ADD CONSTRAINT commitments_status_check CHECK (status IN ('draft', 'pending_approval', 'executed', 'closed', 'void'));--> statement-breakpoint
ALTER TABLE commitments ADD CONSTRAINT commitments_submitted_check CHECK (status <> 'pending_approval' OR submitted_at IS NOT NULL);
