-- Runtime login roles. Roles are cluster-wide, so creation is idempotent (a second database on
-- the same server, e.g. per-test databases, must migrate cleanly). Passwords are set by
-- db/migrate.ts from the configured runtime URLs, never stored here.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'secg_app') THEN
    CREATE ROLE secg_app LOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'secg_worker') THEN
    CREATE ROLE secg_worker LOGIN;
  END IF;
END
$$;--> statement-breakpoint
ALTER ROLE secg_app NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;--> statement-breakpoint
ALTER ROLE secg_worker NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION;--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM PUBLIC;--> statement-breakpoint
CREATE SCHEMA IF NOT EXISTS app_private;--> statement-breakpoint
REVOKE ALL ON SCHEMA app_private FROM PUBLIC;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA app_private REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
