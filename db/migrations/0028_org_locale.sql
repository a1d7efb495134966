ALTER TABLE "organizations" ADD COLUMN "locale" text DEFAULT 'en-US' NOT NULL;--> statement-breakpoint
ALTER TABLE organizations ADD CONSTRAINT organizations_locale_check CHECK (locale IN ('en-US', 'en-CA', 'en-GB', 'en-AU', 'fr-CA', 'es-US'));--> statement-breakpoint
-- The session lookup also reads how each organization writes dates and times (app/utils/org-format.ts).
DROP FUNCTION app_private.user_organizations(uuid);--> statement-breakpoint
CREATE FUNCTION app_private.user_organizations(p_user_id uuid)
RETURNS TABLE (organization_id uuid, name text, role text, time_zone text, locale text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT o.id, o.name, m.role, o.time_zone, o.locale
  FROM memberships m JOIN organizations o ON o.id = m.organization_id
  WHERE m.user_id = p_user_id
  ORDER BY o.name, o.id
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.user_organizations(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.user_organizations(uuid) TO secg_app;
