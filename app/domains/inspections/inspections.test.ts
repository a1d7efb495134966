import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { withTenant, type Tx } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { saveDraft } from "./checklists.server";
import { completeInspection, inspectionChecklist, saveAnswers } from "./inspection-answers.server";
import { createInspection, findInspection, InspectionRefused } from "./inspections.server";
import { changeNcr, createNcr, NcrRefused } from "./ncrs.server";
import { item, publishedChecklist } from "./test-fixtures";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
let checklist: Awaited<ReturnType<typeof publishedChecklist>>;
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => (e instanceof InspectionRefused || e instanceof NcrRefused ? e.message : e));
const cause = (e: unknown) => (e as { cause?: { message: string } }).cause?.message ?? (e as Error).message;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "inspections");
  run = (fn) => withTenant(tenantOf(org, org.owner), fn);
  checklist = await publishedChecklist(org, "Pre-pour", [
    item("Formwork", "Forms braced and true"),
    item("Rebar", "Clear cover per drawings"),
    item("Housekeeping", "Pour area clean", { onFail: "observation", required: false }),
  ]);
}, 60_000);
afterAll(() => owner.end());

async function started() {
  const inspection = await run((tx) =>
    createInspection(tx, org.projectId, { templateVersionId: checklist.versionId, title: "", location: "Level 2 deck", inspectedOn: "2026-11-20" }, org.owner.userId),
  );
  const sections = await run((tx) => inspectionChecklist(tx, inspection));
  const ids = sections.flatMap((s) => s.items.map((i) => i.id));
  return { inspection, ids };
}

describe("running an inspection", () => {
  it("numbers inspections per project and names them after the checklist", async () => {
    const { inspection } = await started();
    const found = await run((tx) => findInspection(tx, org.projectId, inspection.id));
    expect(found.label).toMatch(/^I-\d{3}$/);
    expect(found.title).toBe("Pre-pour");
  });

  it("a failed item raises a punch item once; turning it to Pass keeps the punch item linked; on_fail observation raises an observation", async () => {
    const { inspection, ids } = await started();
    const first = await run((tx) =>
      saveAnswers(tx, { projectId: org.projectId, inspectionId: inspection.id, version: 1, answers: [{ itemId: ids[0], result: "fail", note: "East form bowed 20 mm" }] }),
    );
    expect(first.raised.map((r) => [r.kind, r.label.slice(0, 2)])).toEqual([["punch_item", "P-"]]);
    const [punch] = await owner`select title, source_kind, source_id, location from punch_items where id = ${first.raised[0].id}`;
    expect(punch).toMatchObject({ title: "Forms braced and true", source_kind: "inspection_answer", location: "Level 2 deck" });

    // the same Fail again with a new note, then Pass, then Fail: never a second punch item
    let version = first.inspection.version;
    for (const result of ["fail", "pass", "fail"] as const) {
      const saved = await run((tx) =>
        saveAnswers(tx, { projectId: org.projectId, inspectionId: inspection.id, version, answers: [{ itemId: ids[0], result, note: `still ${result}` }] }),
      );
      expect(saved.raised).toEqual([]);
      version = saved.inspection.version;
    }
    const [{ n }] = await owner`select count(*)::int as n from punch_items where source_id in (select id from inspection_answers where inspection_id = ${inspection.id})`;
    expect(n).toBe(1);

    const observed = await run((tx) =>
      saveAnswers(tx, { projectId: org.projectId, inspectionId: inspection.id, version, answers: [{ itemId: ids[2], result: "fail", note: "Debris in the pour area" }] }),
    );
    expect(observed.raised.map((r) => r.kind)).toEqual(["observation"]);
    const [obs] = await owner`select kind, source_kind from observations where id = ${observed.raised[0].id}`;
    expect(obs).toMatchObject({ kind: "quality", source_kind: "inspection_answer" });
    const sections = await run((tx) => inspectionChecklist(tx, inspection));
    expect(sections.flatMap((s) => s.items.map((i) => i.answer?.raised?.kind ?? null))).toEqual(["punch_item", null, "observation"]);
  });

  it("refuses completing before every required item is answered, then signs and locks it", async () => {
    const { inspection, ids } = await started();
    const sign = { signedName: "Frank Fields", signedAt: "2026-11-20", userId: org.owner.userId };
    const early = await refusal(
      run((tx) => completeInspection(tx, { projectId: org.projectId, inspectionId: inspection.id, version: 1, answers: [{ itemId: ids[0], result: "pass", note: "" }], ...sign })),
    );
    expect(early).toMatch(/Answer every required item before completing: 1 left \(“Clear cover per drawings”\)/);
    const [{ n }] = await owner`select count(*)::int as n from inspection_answers where inspection_id = ${inspection.id}`;
    expect(n).toBe(0); // the refusal rolled the whole post back

    const answers = [{ itemId: ids[0], result: "pass" as const, note: "" }, { itemId: ids[1], result: "na" as const, note: "" }];
    const done = await run((tx) => completeInspection(tx, { projectId: org.projectId, inspectionId: inspection.id, version: 1, answers, ...sign }));
    expect(done.inspection).toMatchObject({ status: "completed", signedName: "Frank Fields", signedAt: "2026-11-20" });
    expect(await refusal(run((tx) => saveAnswers(tx, { projectId: org.projectId, inspectionId: inspection.id, version: done.inspection.version, answers })))).toMatch(
      /is completed and signed: it cannot change/,
    );
    const tamper = await run((tx) => tx.execute(`update inspection_answers set result = 'fail', note = 'x' where inspection_id = '${inspection.id}'`)).catch(cause);
    expect(tamper).toMatch(/completed and signed/);
  });

  it("keeps the checklist version it ran on after the template changes", async () => {
    const { inspection } = await started();
    await run((tx) => saveDraft(tx, checklist.templateId, { version: checklist.version, name: "Pre-pour", kind: "quality", description: "", items: [item("All", "Only item")] }));
    const sections = await run((tx) => inspectionChecklist(tx, inspection));
    expect(sections.flatMap((s) => s.items.map((i) => i.prompt))).toEqual(["Forms braced and true", "Clear cover per drawings", "Pour area clean"]);
  });

  it("refuses a stale version and an item from another checklist", async () => {
    const { inspection, ids } = await started();
    const other = await publishedChecklist(org, "Other", [item("X", "Other item")]);
    const otherIds = (await owner`select id from checklist_items where version_id = ${other.versionId}`).map((r) => r.id as string);
    expect(await refusal(run((tx) => saveAnswers(tx, { projectId: org.projectId, inspectionId: inspection.id, version: 9, answers: [] })))).toMatch(/Someone else/);
    expect(
      await refusal(run((tx) => saveAnswers(tx, { projectId: org.projectId, inspectionId: inspection.id, version: 1, answers: [{ itemId: otherIds[0], result: "pass", note: "" }] }))),
    ).toMatch(/not on this inspection's checklist/);
    expect(ids).toHaveLength(3);
  });
});

describe("non-conformance reports", () => {
  it("go open → corrective action → verified → closed, each step audited, and refuse skipping a step", async () => {
    const { inspection, ids } = await started();
    const saved = await run((tx) =>
      saveAnswers(tx, { projectId: org.projectId, inspectionId: inspection.id, version: 1, answers: [{ itemId: ids[1], result: "fail", note: "Cover 25 mm, needs 40" }] }),
    );
    const [answer] = await owner`select id from inspection_answers where inspection_id = ${inspection.id}`;
    const ncr = await run((tx) => createNcr(tx, org.projectId, { title: "Low cover", description: "Cover 25 mm at grid C", location: "", answerId: answer.id }, org.owner.userId));
    expect(ncr).toMatchObject({ status: "open", inspectionId: inspection.id });
    expect(saved.raised).toHaveLength(1);
    expect(await refusal(run((tx) => changeNcr(tx, org.projectId, ncr.id, { intent: "close", version: 1 }, org.owner.userId)))).toMatch(/is open, which does not allow this/);
    const step1 = await run((tx) =>
      changeNcr(tx, org.projectId, ncr.id, { intent: "corrective_action", version: 1, rootCause: "Chairs missing", correctiveAction: "Add 40 mm chairs" }, org.owner.userId),
    );
    const step2 = await run((tx) =>
      changeNcr(tx, org.projectId, ncr.id, { intent: "verify", version: step1.version, verifiedByName: "Ann Inspector", verifiedOn: "2026-11-22", verificationMethod: "Cover meter readings" }, org.owner.userId),
    );
    const closed = await run((tx) => changeNcr(tx, org.projectId, ncr.id, { intent: "close", version: step2.version }, org.owner.userId));
    expect(closed.status).toBe("closed");
    const audit = await owner`select action from audit_events where entity_id = ${ncr.id} order by occurred_at, id`;
    expect(audit.map((a) => a.action)).toEqual(["created", "corrective_action", "verified", "closed"]);
  });

  it("refuses an answer that did not fail", async () => {
    const { inspection, ids } = await started();
    await run((tx) => saveAnswers(tx, { projectId: org.projectId, inspectionId: inspection.id, version: 1, answers: [{ itemId: ids[0], result: "pass", note: "" }] }));
    const [answer] = await owner`select id from inspection_answers where inspection_id = ${inspection.id}`;
    expect(await refusal(run((tx) => createNcr(tx, org.projectId, { title: "x", description: "y", location: "", answerId: answer.id }, org.owner.userId)))).toMatch(
      /Choose a failed item/,
    );
  });
});
