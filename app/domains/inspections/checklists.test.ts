import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { queryRows, withTenant, type Tx } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { ChecklistRefused, getTemplate, publishDraft, saveDraft, sectionedItems, templateVersions } from "./checklists.server";
import { item, publishedChecklist } from "./test-fixtures";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
const cause = (e: unknown) => ((e as { cause?: { message: string } }).cause?.message ?? (e as Error).message);

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "checklists");
  run = (fn) => withTenant(tenantOf(org, org.owner), fn);
}, 60_000);
afterAll(() => owner.end());

describe("checklist templates", () => {
  it("a blank section continues the one above; rows without a prompt are left out", () => {
    const rows = sectionedItems([item("", "First"), item("Formwork", "Forms braced"), item("", "Forms oiled"), item("", "", { prompt: undefined })]);
    expect(rows.map((r) => [r.section, r.prompt])).toEqual([["General", "First"], ["Formwork", "Forms braced"], ["Formwork", "Forms oiled"]]);
  });

  it("a published version is frozen: editing makes a new draft version, and the database refuses changes to the published one", async () => {
    const checklist = await publishedChecklist(org, "Frozen check", [item("Rebar", "Cover checked"), item("Rebar", "Ties tight")]);
    const saved = await run((tx) =>
      saveDraft(tx, checklist.templateId, { version: checklist.version, name: "Frozen check", kind: "quality", description: "", items: [item("Rebar", "Cover checked"), item("Rebar", "Chairs in place")] }),
    );
    expect(saved.draft.versionNumber).toBe(2);
    const versions = await run((tx) => templateVersions(tx, checklist.templateId));
    expect(versions.map((v) => [v.versionNumber, v.status, v.items])).toEqual([[2, "draft", 2], [1, "published", 2]]);
    const v1 = await run((tx) => queryRows<{ prompt: string }>(tx, `select prompt from checklist_items where version_id = '${checklist.versionId}' order by position`));
    expect(v1.map((r) => r.prompt)).toEqual(["Cover checked", "Ties tight"]);

    const tamper = await run((tx) => tx.execute(`update checklist_items set prompt = 'x' where version_id = '${checklist.versionId}'`)).catch(cause);
    expect(tamper).toMatch(/published checklist version cannot change/);
    const unpublish = await owner`update checklist_template_versions set status = 'draft', published_at = null where id = ${checklist.versionId}`.catch(
      (e: Error) => e.message,
    );
    expect(unpublish).toMatch(/is published and cannot change/);

    // saving again edits the same draft; publishing makes it version 2
    const again = await run((tx) =>
      saveDraft(tx, checklist.templateId, { version: saved.template.version, name: "Frozen check", kind: "quality", description: "", items: [item("Rebar", "Chairs in place")] }),
    );
    expect(again.draft.id).toBe(saved.draft.id);
    await run((tx) => publishDraft(tx, checklist.templateId, again.template.version, org.owner.userId));
    const page = await run((tx) => getTemplate(tx, checklist.templateId));
    expect(page.current?.status).toBe("published");
    expect(page.content.flatMap((s) => s.items.map((i) => i.prompt))).toEqual(["Chairs in place"]);
  });

  it("refuses a stale version, a duplicate name and publishing an empty draft", async () => {
    const a = await publishedChecklist(org, "Name A", [item("S", "One")]);
    await publishedChecklist(org, "Name B", [item("S", "One")]);
    const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof ChecklistRefused ? e.message : e));
    expect(await refusal(run((tx) => saveDraft(tx, a.templateId, { version: a.version - 1, name: "Name A", kind: "quality", description: "", items: [] })))).toMatch(/Someone else/);
    expect(await refusal(run((tx) => saveDraft(tx, a.templateId, { version: a.version, name: "Name B", kind: "quality", description: "", items: [] })))).toMatch(/exists already/);
    const emptied = await run((tx) => saveDraft(tx, a.templateId, { version: a.version, name: "Name A", kind: "quality", description: "", items: [] }));
    expect(await refusal(run((tx) => publishDraft(tx, a.templateId, emptied.template.version, org.owner.userId)))).toMatch(/at least one item/);
  });
});
