-- Secrets out of the app role's reach (issue 15 §4). The runtime role reads no password hash, no
-- session row and no mailed-token row: each lookup the app needs is a SECURITY DEFINER function
-- below that answers one question about one account, session or token. Table comments drive the
-- grants (app_private.secure_tables(), re-run by db/migrate.ts after every migration):
--   '@definer-only'                  no privilege at all for secg_app;
--   '@secret-columns: a, b'          secg_app may insert rows, but neither read nor update those columns.
COMMENT ON TABLE sessions IS '@definer-only: sign-in sessions, reached through app_private session functions';--> statement-breakpoint
COMMENT ON TABLE user_tokens IS '@definer-only: hashed single-use mailed tokens, reached through app_private token functions';--> statement-breakpoint
COMMENT ON TABLE users IS '@secret-columns: password_hash';--> statement-breakpoint

CREATE OR REPLACE FUNCTION app_private.secure_tables() RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
DECLARE
  r record;
  secret text[];
  readable text;
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
    SELECT c.oid AS oid, c.oid::regclass AS tbl, coalesce(obj_description(c.oid, 'pg_class'), '') AS note
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v')
  LOOP
    IF r.note LIKE '%@definer-only%' THEN
      EXECUTE format('REVOKE ALL ON %s FROM secg_app', r.tbl);
    ELSIF r.note LIKE '%@secret-columns:%' THEN
      secret := regexp_split_to_array(substring(r.note FROM '@secret-columns:\s*([a-z0-9_, ]+)'), '\s*,\s*');
      SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO readable
      FROM pg_attribute a
      WHERE a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> ALL (secret);
      -- A table-level revoke also drops column grants, so the column grants come after it.
      EXECUTE format('REVOKE ALL ON %s FROM secg_app', r.tbl);
      EXECUTE format('GRANT INSERT, DELETE ON %s TO secg_app', r.tbl);
      EXECUTE format('GRANT SELECT (%s), UPDATE (%s) ON %s TO secg_app', readable, readable, r.tbl);
    ELSIF r.note LIKE '%@append-only%' THEN
      EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %s FROM secg_app', r.tbl);
      EXECUTE format('GRANT SELECT, INSERT ON %s TO secg_app', r.tbl);
    ELSE
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO secg_app', r.tbl);
    END IF;
  END LOOP;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO secg_app;
END
$$;--> statement-breakpoint
SELECT app_private.secure_tables();--> statement-breakpoint

-- Sign-in: the one account's hash, for argon2 verification in the app (PostgreSQL has no argon2).
CREATE FUNCTION app_private.user_for_sign_in(p_email text)
RETURNS TABLE (id uuid, email text, name text, password_hash text, locked_until timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT u.id, u.email, u.name, u.password_hash, u.locked_until FROM users u WHERE u.email = lower(btrim(p_email))
$$;--> statement-breakpoint

-- A new password for the holder of a live session (the app checked the current password first);
-- every other session of the user is revoked. Returns the user and how many sessions were revoked.
CREATE FUNCTION app_private.change_password(p_session_token_hash text, p_password_hash text, p_idle_minutes integer)
RETURNS TABLE (user_id uuid, revoked integer)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  s record;
  n integer;
BEGIN
  SELECT ss.id, ss.user_id INTO s FROM sessions ss
  WHERE ss.token_hash = p_session_token_hash AND ss.revoked_at IS NULL AND ss.expires_at > now()
    AND ss.last_seen_at > now() - make_interval(mins => p_idle_minutes);
  IF NOT FOUND THEN RETURN; END IF;
  UPDATE users SET password_hash = p_password_hash, failed_login_count = 0, locked_until = NULL, updated_at = now() WHERE id = s.user_id;
  UPDATE sessions SET revoked_at = now(), revoked_reason = 'password_changed'
  WHERE sessions.user_id = s.user_id AND revoked_at IS NULL AND id <> s.id;
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN QUERY SELECT s.user_id, n;
END
$$;--> statement-breakpoint

-- Tokens: only their sha256 is ever passed in or stored.
CREATE FUNCTION app_private.issue_user_token(p_user_id uuid, p_purpose text, p_token_hash text, p_ttl_minutes integer)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  -- A null user (an unknown address) writes nothing, so the caller's work is the same either way.
  UPDATE user_tokens SET used_at = now() WHERE user_id = p_user_id AND purpose = p_purpose AND used_at IS NULL;
  INSERT INTO user_tokens (user_id, purpose, token_hash, expires_at)
  SELECT p_user_id, p_purpose, p_token_hash, now() + make_interval(mins => p_ttl_minutes) WHERE p_user_id IS NOT NULL;
$$;--> statement-breakpoint

CREATE FUNCTION app_private.peek_user_token(p_purpose text, p_token_hash text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT user_id FROM user_tokens
  WHERE token_hash = p_token_hash AND purpose = p_purpose AND used_at IS NULL AND expires_at > now()
$$;--> statement-breakpoint

-- Of two concurrent uses exactly one gets the user id.
CREATE FUNCTION app_private.consume_user_token(p_purpose text, p_token_hash text)
RETURNS uuid
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  UPDATE user_tokens SET used_at = now()
  WHERE token_hash = p_token_hash AND purpose = p_purpose AND used_at IS NULL AND expires_at > now()
  RETURNING user_id
$$;--> statement-breakpoint

-- Uses a reset token and sets the password in one statement: lock lifted, address proven, every session out.
CREATE FUNCTION app_private.reset_password(p_token_hash text, p_password_hash text)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  uid uuid;
BEGIN
  uid := app_private.consume_user_token('reset_password', p_token_hash);
  IF uid IS NULL THEN RETURN NULL; END IF;
  UPDATE users SET password_hash = p_password_hash, failed_login_count = 0, locked_until = NULL,
    email_verified_at = coalesce(email_verified_at, now()), updated_at = now()
  WHERE id = uid;
  UPDATE sessions SET revoked_at = now(), revoked_reason = 'password_reset' WHERE user_id = uid AND revoked_at IS NULL;
  RETURN uid;
END
$$;--> statement-breakpoint

-- Sessions: the cookie's token is never stored, only its sha256.
CREATE FUNCTION app_private.create_session(p_token_hash text, p_user_id uuid, p_organization_id uuid, p_ip text, p_user_agent text, p_absolute_hours integer)
RETURNS uuid
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  INSERT INTO sessions (token_hash, user_id, active_organization_id, ip, user_agent, expires_at)
  VALUES (p_token_hash, p_user_id, p_organization_id, p_ip, p_user_agent, now() + make_interval(hours => p_absolute_hours))
  RETURNING id
$$;--> statement-breakpoint

-- The live session of a cookie (not revoked, within both lifetimes) with its user; slides the idle
-- window, written at most once a minute per session.
CREATE FUNCTION app_private.live_session(p_token_hash text, p_idle_minutes integer)
RETURNS TABLE (session_id uuid, active_organization_id uuid, last_seen_at timestamptz, user_id uuid, email text, name text, email_verified_at timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
BEGIN
  UPDATE sessions s SET last_seen_at = now()
  WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now()
    AND s.last_seen_at > now() - make_interval(mins => p_idle_minutes) AND s.last_seen_at < now() - interval '1 minute';
  RETURN QUERY
  SELECT s.id, s.active_organization_id, s.last_seen_at, u.id, u.email, u.name, u.email_verified_at
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now()
    AND s.last_seen_at > now() - make_interval(mins => p_idle_minutes);
END
$$;--> statement-breakpoint

CREATE FUNCTION app_private.set_session_organization(p_session_id uuid, p_organization_id uuid)
RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  UPDATE sessions SET active_organization_id = p_organization_id WHERE id = p_session_id
$$;--> statement-breakpoint

-- One user's live sessions (for "Your sessions"): no token hash leaves the table.
CREATE FUNCTION app_private.user_sessions(p_user_id uuid, p_idle_minutes integer)
RETURNS TABLE (id uuid, ip text, user_agent text, created_at timestamptz, last_seen_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  SELECT s.id, s.ip, s.user_agent, s.created_at, s.last_seen_at FROM sessions s
  WHERE s.user_id = p_user_id AND s.revoked_at IS NULL AND s.expires_at > now()
    AND s.last_seen_at > now() - make_interval(mins => p_idle_minutes)
  ORDER BY s.last_seen_at DESC
$$;--> statement-breakpoint

-- Revokes the user's sessions: one (p_session_id), or all but p_keep_session_id (null: all).
CREATE FUNCTION app_private.revoke_sessions(p_user_id uuid, p_session_id uuid, p_keep_session_id uuid, p_reason text)
RETURNS integer
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp
AS $$
  WITH revoked AS (
    UPDATE sessions SET revoked_at = now(), revoked_reason = p_reason
    WHERE user_id = p_user_id AND revoked_at IS NULL
      AND (p_session_id IS NULL OR id = p_session_id)
      AND (p_keep_session_id IS NULL OR id <> p_keep_session_id)
    RETURNING 1
  )
  SELECT count(*)::int FROM revoked
$$;--> statement-breakpoint

DO $$
DECLARE
  f regprocedure;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'app_private.user_for_sign_in(text)', 'app_private.change_password(text, text, integer)',
    'app_private.issue_user_token(uuid, text, text, integer)', 'app_private.peek_user_token(text, text)',
    'app_private.consume_user_token(text, text)', 'app_private.reset_password(text, text)',
    'app_private.create_session(text, uuid, uuid, text, text, integer)', 'app_private.live_session(text, integer)',
    'app_private.set_session_organization(uuid, uuid)', 'app_private.user_sessions(uuid, integer)',
    'app_private.revoke_sessions(uuid, uuid, uuid, text)'
  ]::regprocedure[] LOOP
    EXECUTE format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO secg_app', f);
  END LOOP;
END
$$;
--> statement-breakpoint
-- Mail bodies are sealed by the app from now on (app/utils/sealed.server.ts) and emptied once sent;
-- bodies of mail sent before this migration go now.
UPDATE outbound_emails SET text_body = '', html_body = '' WHERE sent_at IS NOT NULL;
