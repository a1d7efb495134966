/**
 * Test setup for the inspection tests: an organization (financeOrganization's project and members)
 * and a published checklist made through the checklist service.
 */
import { withTenant, type Tx } from "~/utils/db.server";
import { tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import type { ItemRow } from "./checklists.schema";
import { createTemplate, publishDraft, saveDraft } from "./checklists.server";

export const item = (section: string, prompt: string, extra: Partial<ItemRow> = {}): ItemRow => ({ section, prompt, required: true, onFail: "punch_item", ...extra });

/** A published checklist of `rows`; returns its template and published version ids. */
export async function publishedChecklist(org: FinanceOrganization, name: string, rows: ItemRow[], kind: "quality" | "safety" = "quality") {
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(tenantOf(org, org.owner), fn);
  const template = await run((tx) => createTemplate(tx, { name, kind, description: "" }));
  const saved = await run((tx) => saveDraft(tx, template.id, { version: template.version, name, kind, description: "", items: rows }));
  const { published, template: after } = await run((tx) => publishDraft(tx, template.id, saved.template.version, org.owner.userId));
  return { templateId: template.id, versionId: published.id, version: after.version };
}
