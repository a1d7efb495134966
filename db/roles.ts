/** Login roles created by the migrations (roles are cluster-wide; see db/migrations/0000_roles.sql). */
export const APP_ROLE = "secg_app";
/** graphile-worker's queue connection: may touch the graphile_worker schema, no business tables. */
export const WORKER_ROLE = "secg_worker";
export const RUNTIME_ROLES = [APP_ROLE, WORKER_ROLE] as const;

/** The owner URL with another role's credentials: how runtime URLs are derived by default. */
export function urlForRole(ownerUrl: string, role: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}
