import { and, asc, desc, eq, sql } from "drizzle-orm";
import { checklistItems, checklistSections, checklistTemplates, checklistTemplateVersions, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { isUniqueViolation } from "~/utils/pg-errors.server";
import type { ItemRow, SaveDraftInput } from "./checklists.schema";

/** A business refusal (stale version, nothing to publish, duplicate name…): 409 with this message. */
export class ChecklistRefused extends Error {
  constructor(message: string, readonly field: string = "") {
    super(message);
  }
}

const STALE = "Someone else changed this checklist meanwhile. Reload and try again.";
const org = sql`${currentOrganizationId}`;

export type TemplateHeader = { name: string; kind: "quality" | "safety"; description: string };

async function insertTemplate(tx: Tx, input: TemplateHeader) {
  try {
    return await tx.transaction(async (sp) => (await sp.insert(checklistTemplates).values({ organizationId: org, ...input }).returning())[0]);
  } catch (error) {
    if (isUniqueViolation(error, "checklist_templates_org_name_key")) throw new ChecklistRefused(`A checklist named "${input.name}" exists already.`, "name");
    throw error;
  }
}

/** A new checklist with an empty draft version 1. */
export async function createTemplate(tx: Tx, input: TemplateHeader) {
  const template = await insertTemplate(tx, input);
  await tx.insert(checklistTemplateVersions).values({ organizationId: org, templateId: template.id, versionNumber: 1 });
  await recordAudit(tx, { entityType: "checklist_template", entityId: template.id, action: "created", after: template });
  return template;
}

/** Every checklist with its latest published version and whether a draft waits. */
export async function listTemplates(tx: Tx) {
  return queryRows<{ id: string; name: string; kind: "quality" | "safety"; description: string; archived: boolean; published: number | null; draft: number | null; items: number; inspections: number }>(
    tx,
    sql`select t.id, t.name, t.kind, t.description, t.archived,
        (select max(v.version_number) from checklist_template_versions v where v.template_id = t.id and v.status = 'published')::int as published,
        (select v.version_number from checklist_template_versions v where v.template_id = t.id and v.status = 'draft') as draft,
        (select count(*) from checklist_items i join checklist_template_versions v on v.id = i.version_id
          where v.template_id = t.id and v.version_number = (select max(version_number) from checklist_template_versions w where w.template_id = t.id))::int as items,
        (select count(*) from inspections n join checklist_template_versions v on v.id = n.template_version_id where v.template_id = t.id)::int as inspections
      from checklist_templates t order by t.archived, t.name`,
  );
}

export async function findTemplate(tx: Tx, templateId: string) {
  if (!isUuid(templateId)) throw new RecordNotFound("checklist");
  const [template] = await tx.select().from(checklistTemplates).where(eq(checklistTemplates.id, templateId));
  if (!template) throw new RecordNotFound("checklist");
  return template;
}

/** The versions of a checklist, newest first, with who published them and how many inspections ran on each. */
export async function templateVersions(tx: Tx, templateId: string) {
  return tx
    .select({
      id: checklistTemplateVersions.id,
      versionNumber: checklistTemplateVersions.versionNumber,
      status: checklistTemplateVersions.status,
      publishedAt: checklistTemplateVersions.publishedAt,
      publishedBy: users.name,
      items: sql<number>`(select count(*)::int from checklist_items i where i.version_id = ${checklistTemplateVersions.id})`,
      inspections: sql<number>`(select count(*)::int from inspections n where n.template_version_id = ${checklistTemplateVersions.id})`,
    })
    .from(checklistTemplateVersions)
    .leftJoin(users, eq(users.id, checklistTemplateVersions.publishedBy))
    .where(eq(checklistTemplateVersions.templateId, templateId))
    .orderBy(desc(checklistTemplateVersions.versionNumber));
}

/** The sections and items of one version, in order. */
export async function versionContent(tx: Tx, versionId: string) {
  const [sections, items] = await Promise.all([
    tx.select().from(checklistSections).where(eq(checklistSections.versionId, versionId)).orderBy(asc(checklistSections.position)),
    tx.select().from(checklistItems).where(eq(checklistItems.versionId, versionId)).orderBy(asc(checklistItems.position)),
  ]);
  return sections.map((section) => ({ ...section, items: items.filter((item) => item.sectionId === section.id) }));
}
export type VersionContent = Awaited<ReturnType<typeof versionContent>>;

/** The checklist page: the template, its versions, and the content the editor starts from (the draft, else the latest version). */
export async function getTemplate(tx: Tx, templateId: string) {
  const template = await findTemplate(tx, templateId);
  const versions = await templateVersions(tx, template.id);
  const current = versions[0];
  const content = current ? await versionContent(tx, current.id) : [];
  return { template, versions, current, content };
}

/** Checks the template's version and bumps it with the same guard, so two editors never overwrite each other unseen. */
async function guardTemplate(tx: Tx, templateId: string, version: number, set: Partial<TemplateHeader & { archived: boolean }> = {}) {
  const before = await findTemplate(tx, templateId);
  if (before.version !== version) throw new ChecklistRefused(STALE);
  try {
    const [after] = await tx.transaction((sp) =>
      sp
        .update(checklistTemplates)
        .set({ ...set, version: sql`${checklistTemplates.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(checklistTemplates.id, templateId), eq(checklistTemplates.version, version)))
        .returning(),
    );
    if (!after) throw new ChecklistRefused(STALE);
    return { before, after };
  } catch (error) {
    if (isUniqueViolation(error, "checklist_templates_org_name_key")) throw new ChecklistRefused(`A checklist named "${set.name}" exists already.`, "name");
    throw error;
  }
}

async function draftOf(tx: Tx, templateId: string) {
  const [draft] = await tx
    .select()
    .from(checklistTemplateVersions)
    .where(and(eq(checklistTemplateVersions.templateId, templateId), eq(checklistTemplateVersions.status, "draft")));
  return draft ?? null;
}

/** The rows that say something, each with its section (a blank section continues the one above; the first defaults to "General"). */
export function sectionedItems(rows: ItemRow[]) {
  let section = "General";
  const kept: (Omit<ItemRow, "section" | "prompt"> & { section: string; prompt: string })[] = [];
  for (const row of rows) {
    if (row.section) section = row.section;
    if (row.prompt) kept.push({ ...row, section, prompt: row.prompt });
  }
  return kept;
}

/**
 * Saves the header and the whole item grid into the draft version; without a draft (the latest
 * version is published, hence frozen) the grid becomes the next version's draft.
 */
export async function saveDraft(tx: Tx, templateId: string, input: Omit<SaveDraftInput, "intent">) {
  const { before, after } = await guardTemplate(tx, templateId, input.version, { name: input.name, kind: input.kind, description: input.description });
  let draft = await draftOf(tx, templateId);
  if (draft) await tx.delete(checklistSections).where(eq(checklistSections.versionId, draft.id));
  else {
    const [{ next }] = await queryRows<{ next: number }>(
      tx,
      sql`select coalesce(max(version_number), 0)::int + 1 as next from checklist_template_versions where template_id = ${templateId}`,
    );
    [draft] = await tx.insert(checklistTemplateVersions).values({ organizationId: org, templateId, versionNumber: next }).returning();
  }
  const rows = sectionedItems(input.items);
  const titles = [...new Set(rows.map((r) => r.section))];
  const sections = titles.length
    ? await tx
        .insert(checklistSections)
        .values(titles.map((title, i) => ({ organizationId: org, versionId: draft.id, title, position: i + 1 })))
        .returning()
    : [];
  if (rows.length)
    await tx.insert(checklistItems).values(
      rows.map((row, i) => ({
        organizationId: org,
        versionId: draft.id,
        sectionId: sections.find((s) => s.title === row.section)!.id,
        prompt: row.prompt,
        guidance: row.guidance ?? "",
        required: row.required,
        onFail: row.onFail,
        position: i + 1,
      })),
    );
  await recordAudit(tx, { entityType: "checklist_template", entityId: templateId, action: "draft_saved", before, after: { ...after, draftVersion: draft.versionNumber, items: rows.length } });
  return { template: after, draft };
}

/** Publishes the draft: from now on it is frozen and new inspections run on it. */
export async function publishDraft(tx: Tx, templateId: string, version: number, userId: string) {
  const draft = await draftOf(tx, templateId);
  if (!draft) throw new ChecklistRefused("There is no draft to publish: save a change first.");
  const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from checklist_items where version_id = ${draft.id}`);
  if (n === 0) throw new ChecklistRefused("Add at least one item before publishing.");
  const { after } = await guardTemplate(tx, templateId, version);
  const [published] = await tx
    .update(checklistTemplateVersions)
    .set({ status: "published", publishedAt: sql`now()`, publishedBy: userId })
    .where(eq(checklistTemplateVersions.id, draft.id))
    .returning();
  await recordAudit(tx, { entityType: "checklist_template", entityId: templateId, action: "published", before: draft, after: published });
  return { template: after, published };
}

export async function setArchived(tx: Tx, templateId: string, version: number, archived: boolean) {
  const { before, after } = await guardTemplate(tx, templateId, version, { archived });
  await recordAudit(tx, { entityType: "checklist_template", entityId: templateId, action: archived ? "archived" : "restored", before, after });
  return after;
}

/** The checklists an inspection can start from: the latest published version of each one not archived. */
export async function publishedTemplates(tx: Tx) {
  return queryRows<{ versionId: string; name: string; kind: string; versionNumber: number }>(
    tx,
    sql`select distinct on (t.id) v.id as "versionId", t.name, t.kind, v.version_number as "versionNumber"
      from checklist_templates t join checklist_template_versions v on v.template_id = t.id and v.status = 'published'
      where not t.archived order by t.id, v.version_number desc`,
  ).then((rows) => rows.sort((a, b) => a.name.localeCompare(b.name)));
}
