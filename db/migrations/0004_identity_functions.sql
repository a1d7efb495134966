-- Audit trails are append-only for the app role (app_private.secure_tables() reads this comment).
COMMENT ON TABLE audit_events IS '@append-only: who changed what, written in the same transaction as the change';--> statement-breakpoint
COMMENT ON TABLE auth_events IS '@append-only: sign-in, sign-out, lockout, reset and verification events';--> statement-breakpoint
ALTER TABLE organizations ADD CONSTRAINT organizations_fiscal_month_check CHECK (fiscal_year_start_month BETWEEN 1 AND 12);--> statement-breakpoint
ALTER TABLE organizations ADD CONSTRAINT organizations_retainage_check CHECK (default_retainage_rate >= 0 AND default_retainage_rate <= 1);--> statement-breakpoint
ALTER TABLE organizations ADD CONSTRAINT organizations_currency_check CHECK (currency ~ '^[A-Z]{3}$');--> statement-breakpoint

-- The two questions identity must answer across tenants, and nothing more. They run as the
-- migration owner (superuser or BYPASSRLS), so each returns only what its caller already proved:
-- the organizations of the signed-in user, and the one invitation whose secret token was presented.
CREATE OR REPLACE FUNCTION app_private.user_organizations(p_user_id uuid)
RETURNS TABLE (organization_id uuid, name text, role text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT o.id, o.name, m.role
  FROM memberships m JOIN organizations o ON o.id = m.organization_id
  WHERE m.user_id = p_user_id
  ORDER BY o.name, o.id
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.user_organizations(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.user_organizations(uuid) TO secg_app;--> statement-breakpoint

CREATE OR REPLACE FUNCTION app_private.invitation_by_token(p_token_hash text)
RETURNS TABLE (id uuid, organization_id uuid, organization_name text, email text, role text,
  expires_at timestamptz, accepted_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT i.id, i.organization_id, o.name, i.email, i.role, i.expires_at, i.accepted_at, i.revoked_at
  FROM invitations i JOIN organizations o ON o.id = i.organization_id
  WHERE i.token_hash = p_token_hash
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.invitation_by_token(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.invitation_by_token(text) TO secg_app;
--> statement-breakpoint
ALTER TABLE memberships ADD CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'admin', 'finance', 'project_manager', 'field', 'viewer'));--> statement-breakpoint
ALTER TABLE invitations ADD CONSTRAINT invitations_role_check CHECK (role IN ('owner', 'admin', 'finance', 'project_manager', 'field', 'viewer'));--> statement-breakpoint
ALTER TABLE user_tokens ADD CONSTRAINT user_tokens_purpose_check CHECK (purpose IN ('verify_email', 'reset_password'));
