import { sql } from "drizzle-orm";
import { auditEvents } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import type { Tx } from "./db.server";
import { currentRequestIp } from "./logger.server";

export interface AuditEntry {
  entityType: string;
  entityId: string;
  action: string;
  before?: object | null;
  after?: object | null;
}

const SECRET_KEY = /password|token|secret|hash/i;

/** A JSON-safe copy without secrets or binary data (logos, hashes never reach the audit log). */
export function auditSnapshot(value: object | null | undefined): Record<string, unknown> | null {
  if (!value) return null;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key) || Buffer.isBuffer(v) || v instanceof Uint8Array) continue;
    out[key] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/**
 * The one way to write the audit trail: inside the mutation's own transaction, so the row exists
 * iff the change committed. Organization, actor and request id come from the transaction
 * (withTenant), the client address from the request scope.
 */
export async function recordAudit(tx: Tx, entry: AuditEntry) {
  await tx.insert(auditEvents).values({
    organizationId: sql`${currentOrganizationId}`,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    before: auditSnapshot(entry.before),
    after: auditSnapshot(entry.after),
    ip: currentRequestIp(),
  });
}
