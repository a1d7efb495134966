COMMENT ON TABLE budget_transfers IS '@append-only: a transfer is corrected by another transfer, never edited';--> statement-breakpoint
ALTER TABLE budget_transfers ADD CONSTRAINT budget_transfers_amount_check CHECK (amount > 0 AND from_line_id <> to_line_id);--> statement-breakpoint
ALTER TABLE budget_lines ADD CONSTRAINT budget_lines_ftc_check CHECK (ftc_mode IN ('auto', 'manual') AND (ftc_mode = 'auto' OR ftc_manual IS NOT NULL));--> statement-breakpoint
ALTER TABLE projects ADD CONSTRAINT projects_status_check CHECK (status IN ('bidding', 'active', 'on_hold', 'closed'));--> statement-breakpoint
ALTER TABLE projects ADD CONSTRAINT projects_contract_type_check CHECK (contract_type IN ('lump_sum', 'cost_plus', 'gmp', 'tm'));--> statement-breakpoint
ALTER TABLE projects ADD CONSTRAINT projects_dates_check CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date);--> statement-breakpoint
ALTER TABLE projects ADD CONSTRAINT projects_retainage_check CHECK (default_retainage_rate BETWEEN 0 AND 1);--> statement-breakpoint
ALTER TABLE prime_contracts ADD CONSTRAINT prime_contracts_rates_check CHECK (retainage_rate BETWEEN 0 AND 1
  AND (retainage_cap_rate IS NULL OR retainage_cap_rate BETWEEN 0 AND 1)
  AND (retainage_step_down_rate IS NULL OR retainage_step_down_rate BETWEEN 0 AND 1));--> statement-breakpoint
ALTER TABLE sov_lines ADD CONSTRAINT sov_lines_change_order_fkey FOREIGN KEY (organization_id, change_order_id)
  REFERENCES change_orders (organization_id, id) ON DELETE RESTRICT;--> statement-breakpoint
ALTER TABLE commitments ADD CONSTRAINT commitments_type_check CHECK (type IN ('subcontract', 'purchase_order'));--> statement-breakpoint
ALTER TABLE commitments ADD CONSTRAINT commitments_status_check CHECK (status IN ('draft', 'executed', 'closed', 'void'));--> statement-breakpoint
ALTER TABLE commitments ADD CONSTRAINT commitments_retainage_check CHECK (retainage_rate BETWEEN 0 AND 1);--> statement-breakpoint
ALTER TABLE change_orders ADD CONSTRAINT change_orders_kind_check CHECK (kind IN ('prime', 'commitment') AND ((kind = 'commitment') = (commitment_id IS NOT NULL)));--> statement-breakpoint
ALTER TABLE change_orders ADD CONSTRAINT change_orders_stage_check CHECK (stage IN ('potential', 'change_order'));--> statement-breakpoint
ALTER TABLE change_orders ADD CONSTRAINT change_orders_status_check CHECK (status IN ('draft', 'pending_approval', 'approved', 'rejected', 'void'));--> statement-breakpoint
ALTER TABLE approval_policies ADD CONSTRAINT approval_policies_type_check CHECK (document_type IN ('change_order', 'commitment', 'ap_invoice') AND min_amount >= 0);--> statement-breakpoint
ALTER TABLE approval_policy_steps ADD CONSTRAINT approval_policy_steps_check CHECK (step_number BETWEEN 1 AND 3 AND num_nonnulls(permission_key, approver_user_id) = 1);--> statement-breakpoint
ALTER TABLE approval_requests ADD CONSTRAINT approval_requests_check CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled') AND total_steps BETWEEN 0 AND 3 AND current_step BETWEEN 1 AND 4);--> statement-breakpoint
ALTER TABLE approval_request_steps ADD CONSTRAINT approval_request_steps_check CHECK (step_number BETWEEN 1 AND 3 AND num_nonnulls(permission_key, approver_user_id) = 1
  AND (decision IS NULL OR decision IN ('approved', 'rejected')));
