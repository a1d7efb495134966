-- Catalog-driven hardening, re-run by db/migrate.ts after every migration so that tables added
-- later are covered without editing this file:
--   * every public table with organization_id gets RLS enabled AND forced (drizzle-kit emits
--     only ENABLE);
--   * secg_app gets DML on public tables; a table whose comment contains '@append-only' gets
--     SELECT and INSERT only (audit trails);
--   * secg_app and secg_worker own nothing and never get DDL rights.
CREATE OR REPLACE FUNCTION app_private.secure_tables() RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  r record;
BEGIN
  FOR r IN
    SELECT c.oid::regclass AS tbl
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  LOOP
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', r.tbl);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', r.tbl);
  END LOOP;

  GRANT USAGE ON SCHEMA public TO secg_app;
  FOR r IN
    SELECT c.oid::regclass AS tbl, coalesce(obj_description(c.oid, 'pg_class'), '') AS note
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v')
  LOOP
    IF r.note LIKE '%@append-only%' THEN
      EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %s FROM secg_app', r.tbl);
      EXECUTE format('GRANT SELECT, INSERT ON %s TO secg_app', r.tbl);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO secg_app', r.tbl);
    END IF;
  END LOOP;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO secg_app;
END
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.secure_tables() FROM PUBLIC;--> statement-breakpoint
SELECT app_private.secure_tables();--> statement-breakpoint

-- The only way the app role enqueues a job: inside its own transaction (so a job exists iff the
-- data change committed), without the privileges graphile_worker.add_job needs. Task names are
-- checked against the <domain>__<verb> convention; payloads are validated in jobs/catalog.ts.
-- plpgsql resolves graphile_worker at call time (its schema is installed by db/migrate.ts).
CREATE OR REPLACE FUNCTION app_private.enqueue_job(
  task text,
  payload json,
  run_at timestamptz DEFAULT NULL,
  max_attempts integer DEFAULT NULL,
  job_key text DEFAULT NULL,
  queue_name text DEFAULT NULL,
  priority integer DEFAULT NULL
) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
  job_id bigint;
BEGIN
  IF task IS NULL OR task !~ '^[a-z][a-z0-9_]*__[a-z][a-z0-9_]*$' THEN
    RAISE EXCEPTION 'invalid task name %', task USING ERRCODE = '22023';
  END IF;
  SELECT (graphile_worker.add_job(
    identifier := task,
    payload := payload,
    queue_name := queue_name,
    run_at := run_at,
    max_attempts := max_attempts,
    job_key := job_key,
    priority := priority
  )).id INTO job_id;
  RETURN job_id;
END
$$;--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION app_private.enqueue_job(text, json, timestamptz, integer, text, text, integer) FROM PUBLIC;--> statement-breakpoint
GRANT USAGE ON SCHEMA app_private TO secg_app;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION app_private.enqueue_job(text, json, timestamptz, integer, text, text, integer) TO secg_app;
