ALTER TABLE "import_error_rows" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "import_errors" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "import_errors" ADD COLUMN "cause_sheet" text;--> statement-breakpoint
ALTER TABLE "import_errors" ADD COLUMN "cause_row" integer;--> statement-breakpoint
CREATE INDEX "import_error_rows_position_idx" ON "import_error_rows" USING btree ("organization_id","import_id","position","sheet","row_number");--> statement-breakpoint
CREATE INDEX "import_errors_position_idx" ON "import_errors" USING btree ("organization_id","import_id","position");