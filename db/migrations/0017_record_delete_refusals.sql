-- Payments in are never edited or deleted, like payments out (app_private.secure_tables() reads this).
COMMENT ON TABLE ar_payments IS '@append-only: a payment in is never edited; a correction is another payment';--> statement-breakpoint

-- A document that became a record (certified, approved, executed, paid, or voided after that) and
-- its lines cannot be deleted by any writer: corrections are new records (DESIGN.md). The services
-- never delete one; drafts (and their lines, one by one or by cascade) stay deletable.
-- TG_ARGV: [0] the document's name, [1] its statuses that are records, and on a lines table
-- [2] the document table and [3] the lines' column referencing it.
CREATE OR REPLACE FUNCTION app_private.refuse_record_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  doc_status text;
BEGIN
  IF TG_NARGS = 2 THEN
    doc_status := OLD.status;
  ELSE
    -- A draft's lines deleted by cascade find no document any more: nothing to protect.
    EXECUTE format('SELECT status FROM public.%I WHERE id = $1', TG_ARGV[2])
      INTO doc_status USING (to_jsonb(OLD) ->> TG_ARGV[3])::uuid;
  END IF;
  IF doc_status = ANY (TG_ARGV[1]::text[]) THEN
    RAISE EXCEPTION '% % is % and cannot be deleted', CASE WHEN TG_NARGS = 2 THEN 'this' ELSE 'a line of this' END, TG_ARGV[0], doc_status
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN OLD;
END $$;--> statement-breakpoint
CREATE TRIGGER pay_applications_record_delete BEFORE DELETE ON public.pay_applications FOR EACH ROW
  EXECUTE FUNCTION app_private.refuse_record_delete('pay application', '{certified,paid}');--> statement-breakpoint
CREATE TRIGGER pay_application_lines_record_delete BEFORE DELETE ON public.pay_application_lines FOR EACH ROW
  EXECUTE FUNCTION app_private.refuse_record_delete('pay application', '{certified,paid}', 'pay_applications', 'pay_application_id');--> statement-breakpoint
CREATE TRIGGER change_orders_record_delete BEFORE DELETE ON public.change_orders FOR EACH ROW
  EXECUTE FUNCTION app_private.refuse_record_delete('change order', '{approved,void}');--> statement-breakpoint
CREATE TRIGGER change_order_lines_record_delete BEFORE DELETE ON public.change_order_lines FOR EACH ROW
  EXECUTE FUNCTION app_private.refuse_record_delete('change order', '{approved,void}', 'change_orders', 'change_order_id');--> statement-breakpoint
CREATE TRIGGER commitments_record_delete BEFORE DELETE ON public.commitments FOR EACH ROW
  EXECUTE FUNCTION app_private.refuse_record_delete('commitment', '{executed,closed,void}');--> statement-breakpoint
CREATE TRIGGER commitment_lines_record_delete BEFORE DELETE ON public.commitment_lines FOR EACH ROW
  EXECUTE FUNCTION app_private.refuse_record_delete('commitment', '{executed,closed,void}', 'commitments', 'commitment_id');--> statement-breakpoint
CREATE TRIGGER ap_invoices_record_delete BEFORE DELETE ON public.ap_invoices FOR EACH ROW
  EXECUTE FUNCTION app_private.refuse_record_delete('vendor invoice', '{approved,paid,void}');--> statement-breakpoint
CREATE TRIGGER ap_invoice_lines_record_delete BEFORE DELETE ON public.ap_invoice_lines FOR EACH ROW
  EXECUTE FUNCTION app_private.refuse_record_delete('vendor invoice', '{approved,paid,void}', 'ap_invoices', 'ap_invoice_id');
