-- Deleting an approval policy that requests used failed: the composite tenant foreign key's
-- ON DELETE SET NULL nulled organization_id too (NOT NULL). PostgreSQL 15+ can null only the link.
-- drizzle-kit cannot express the column list, so db/schema/approvals.ts still says "set null".
ALTER TABLE "approval_requests" DROP CONSTRAINT "approval_requests_policy_fkey";
--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_policy_fkey" FOREIGN KEY ("organization_id","policy_id") REFERENCES "public"."approval_policies"("organization_id","id") ON DELETE SET NULL ("policy_id") ON UPDATE no action;
