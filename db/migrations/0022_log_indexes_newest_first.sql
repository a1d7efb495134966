DROP INDEX "audit_events_org_time_idx";--> statement-breakpoint
DROP INDEX "data_access_events_org_time_idx";--> statement-breakpoint
CREATE INDEX "audit_events_org_time_idx" ON "audit_events" USING btree ("organization_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "data_access_events_org_time_idx" ON "data_access_events" USING btree ("organization_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS FIRST);