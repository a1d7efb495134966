CREATE TABLE "ap_invoice_totals" (
	"organization_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"vendor_id" uuid NOT NULL,
	"status" text NOT NULL,
	"invoices" integer DEFAULT 0 NOT NULL,
	"total" numeric(16, 2) DEFAULT '0' NOT NULL,
	"retainage" numeric(16, 2) DEFAULT '0' NOT NULL,
	"amount_due" numeric(16, 2) DEFAULT '0' NOT NULL,
	"amount_paid" numeric(16, 2) DEFAULT '0' NOT NULL,
	CONSTRAINT "ap_invoice_totals_pkey" PRIMARY KEY("organization_id","project_id","vendor_id","status")
);
--> statement-breakpoint
ALTER TABLE "ap_invoice_totals" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "ap_invoices" ADD COLUMN "amount_paid" numeric(14, 2) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "ap_invoice_totals" ADD CONSTRAINT "ap_invoice_totals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_invoice_totals" ADD CONSTRAINT "ap_invoice_totals_project_fkey" FOREIGN KEY ("organization_id","project_id") REFERENCES "public"."projects"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_invoice_totals" ADD CONSTRAINT "ap_invoice_totals_vendor_fkey" FOREIGN KEY ("organization_id","vendor_id") REFERENCES "public"."vendors"("organization_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "tenant_isolation" ON "ap_invoice_totals" AS PERMISSIVE FOR ALL TO public USING (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid)) WITH CHECK (organization_id = (select nullif(current_setting('app.organization_id', true), '')::uuid));
--> statement-breakpoint
-- Issue 16: AP aging and the vendor invoice list's totals read stored figures instead of summing
-- every payment (and every invoice) on each view. Both are kept by triggers in the writing
-- transaction, so every writer keeps them current: the services, the seeds, bench SQL, and any
-- owner-side correction.

-- amount_paid is not read by the budget figures: a payment must not mark a project's figures stale
-- (0013's rule: the UPDATE trigger ignores every column but the ones the figures read).
DO $$
DECLARE
  ignored text[] := array(SELECT column_name::text FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name = 'ap_invoices'
      AND column_name::text <> ALL (ARRAY['id', 'project_id', 'commitment_id', 'kind', 'status']) ORDER BY ordinal_position);
BEGIN
  DROP TRIGGER budget_figures_update ON public.ap_invoices;
  EXECUTE format(
    'CREATE TRIGGER budget_figures_update AFTER UPDATE ON public.ap_invoices REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_private.budget_figures_changed(%L, %L)',
    'project_id', ignored);
END $$;
--> statement-breakpoint
-- ap_invoices.amount_paid = Σ ap_payments.amount of the invoice. One UPDATE per statement on
-- ap_payments, of the invoices it touched (a bulk insert of 35,000 payments is one grouped update).
-- The paying service has locked the invoice row already (its version bump), so this adds no lock.
CREATE OR REPLACE FUNCTION app_private.ap_invoice_paid_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    UPDATE public.ap_invoices i SET amount_paid = i.amount_paid + d.amount
    FROM (SELECT organization_id, ap_invoice_id, sum(amount) AS amount FROM new_rows GROUP BY 1, 2) d
    WHERE i.organization_id = d.organization_id AND i.id = d.ap_invoice_id;
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE public.ap_invoices i SET amount_paid = i.amount_paid - d.amount
    FROM (SELECT organization_id, ap_invoice_id, sum(amount) AS amount FROM old_rows GROUP BY 1, 2) d
    WHERE i.organization_id = d.organization_id AND i.id = d.ap_invoice_id;
  ELSE
    UPDATE public.ap_invoices i SET amount_paid = i.amount_paid + d.amount
    FROM (SELECT organization_id, ap_invoice_id, sum(amount) AS amount
          FROM (SELECT organization_id, ap_invoice_id, amount FROM new_rows
                UNION ALL SELECT organization_id, ap_invoice_id, -amount FROM old_rows) c
          GROUP BY 1, 2 HAVING sum(amount) <> 0) d
    WHERE i.organization_id = d.organization_id AND i.id = d.ap_invoice_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
UPDATE public.ap_invoices i SET amount_paid = p.paid
FROM (SELECT organization_id, ap_invoice_id, sum(amount) AS paid FROM public.ap_payments GROUP BY 1, 2) p
WHERE i.organization_id = p.organization_id AND i.id = p.ap_invoice_id;--> statement-breakpoint
CREATE TRIGGER ap_invoice_paid_insert AFTER INSERT ON public.ap_payments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app_private.ap_invoice_paid_changed();--> statement-breakpoint
CREATE TRIGGER ap_invoice_paid_update AFTER UPDATE ON public.ap_payments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app_private.ap_invoice_paid_changed();--> statement-breakpoint
CREATE TRIGGER ap_invoice_paid_delete AFTER DELETE ON public.ap_payments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app_private.ap_invoice_paid_changed();--> statement-breakpoint
-- ap_invoice_totals: Σ per organization × project × vendor × status of the invoices' money columns.
-- One upsert per statement on ap_invoices, grouped (an import of 20,000 invoices writes each group
-- once), in key order (two writers lock shared groups in the same order). An UPDATE that changes
-- none of the key or money columns (a version bump, a header edit) writes nothing and locks nothing;
-- writers contend only on the same project × vendor × status. A deleted invoice's group exists (its
-- insert made it): DELETE only updates, so a group removed by a cascade is not made again.
CREATE OR REPLACE FUNCTION app_private.ap_invoice_totals_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE public.ap_invoice_totals t
    SET invoices = t.invoices - d.invoices, total = t.total - d.total, retainage = t.retainage - d.retainage,
        amount_due = t.amount_due - d.amount_due, amount_paid = t.amount_paid - d.amount_paid
    FROM (SELECT organization_id, project_id, vendor_id, status, count(*)::int AS invoices, sum(total) AS total, sum(retainage) AS retainage,
                 sum(amount_due) AS amount_due, sum(amount_paid) AS amount_paid
          FROM old_rows GROUP BY 1, 2, 3, 4) d
    WHERE t.organization_id = d.organization_id AND t.project_id = d.project_id AND t.vendor_id = d.vendor_id AND t.status = d.status;
    RETURN NULL;
  END IF;
  -- Each row's signed contribution to its group: +1 and its new figures, −1 and its old ones
  -- (old_rows exists only for UPDATE, hence two statements).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO public.ap_invoice_totals AS t (organization_id, project_id, vendor_id, status, invoices, total, retainage, amount_due, amount_paid)
    SELECT organization_id, project_id, vendor_id, status, sum(n)::int, sum(total), sum(retainage), sum(amount_due), sum(amount_paid)
    FROM (SELECT organization_id, project_id, vendor_id, status, 1 AS n, total, retainage, amount_due, amount_paid FROM new_rows) c
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (organization_id, project_id, vendor_id, status) DO UPDATE
    SET invoices = t.invoices + excluded.invoices, total = t.total + excluded.total, retainage = t.retainage + excluded.retainage,
        amount_due = t.amount_due + excluded.amount_due, amount_paid = t.amount_paid + excluded.amount_paid;
  ELSE
    INSERT INTO public.ap_invoice_totals AS t (organization_id, project_id, vendor_id, status, invoices, total, retainage, amount_due, amount_paid)
    SELECT organization_id, project_id, vendor_id, status, sum(n)::int, sum(total), sum(retainage), sum(amount_due), sum(amount_paid)
    FROM (
      SELECT organization_id, project_id, vendor_id, status, 1 AS n, total, retainage, amount_due, amount_paid FROM new_rows
      UNION ALL
      SELECT organization_id, project_id, vendor_id, status, -1, -total, -retainage, -amount_due, -amount_paid FROM old_rows
    ) c
    GROUP BY 1, 2, 3, 4
    HAVING sum(n) <> 0 OR sum(total) <> 0 OR sum(retainage) <> 0 OR sum(amount_due) <> 0 OR sum(amount_paid) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (organization_id, project_id, vendor_id, status) DO UPDATE
    SET invoices = t.invoices + excluded.invoices, total = t.total + excluded.total, retainage = t.retainage + excluded.retainage,
        amount_due = t.amount_due + excluded.amount_due, amount_paid = t.amount_paid + excluded.amount_paid;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
INSERT INTO public.ap_invoice_totals (organization_id, project_id, vendor_id, status, invoices, total, retainage, amount_due, amount_paid)
SELECT organization_id, project_id, vendor_id, status, count(*), sum(total), sum(retainage), sum(amount_due), sum(amount_paid)
FROM public.ap_invoices GROUP BY 1, 2, 3, 4;--> statement-breakpoint
CREATE TRIGGER ap_invoice_totals_insert AFTER INSERT ON public.ap_invoices REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app_private.ap_invoice_totals_changed();--> statement-breakpoint
CREATE TRIGGER ap_invoice_totals_update AFTER UPDATE ON public.ap_invoices REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app_private.ap_invoice_totals_changed();--> statement-breakpoint
CREATE TRIGGER ap_invoice_totals_delete AFTER DELETE ON public.ap_invoices REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app_private.ap_invoice_totals_changed();--> statement-breakpoint
-- Only the open items, with every column AP aging reads (INCLUDE, written here: drizzle-kit has no
-- INCLUDE), so aging is an index-only scan of the open invoices, not a visit of their heap pages.
CREATE INDEX "ap_invoices_open_items_idx" ON "ap_invoices" USING btree ("organization_id","project_id")
  INCLUDE ("id", "vendor_id", "invoice_number", "kind", "due_date", "amount_due", "amount_paid")
  WHERE status = 'approved' and amount_paid < amount_due;--> statement-breakpoint
-- The list's default order and keyset index also carries the money columns (INCLUDE, by hand as
-- above), so totals under a date filter (which ap_invoice_totals cannot answer) are an
-- index-only sum of the invoices in range: 40 → 18 ms over 50,000 invoices on the bench machine.
DROP INDEX "ap_invoices_org_invoice_date_idx";--> statement-breakpoint
CREATE INDEX "ap_invoices_org_invoice_date_idx" ON "ap_invoices" USING btree ("organization_id","invoice_date","id")
  INCLUDE ("total", "retainage", "amount_due", "amount_paid");
