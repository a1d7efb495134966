/**
 * The checklist, inspection and NCR pages through their routes: who may do what (403), another
 * organization's records (404), bad posts (400, nothing written), a field member running an
 * inspection with JavaScript off (a Fail raises its punch item), signing, the PDF and the export.
 */
import ExcelJS from "exceljs";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { action as checklistAction } from "./routes/checklist";
import { action as checklistsAction, loader as checklistsLoader } from "./routes/checklists";
import { action as inspectionAction, loader as inspectionLoader } from "./routes/inspection";
import { action as newInspectionAction } from "./routes/inspection-new";
import { loader as pdfLoader } from "./routes/inspection-pdf";
import { loader as exportLoader } from "./routes/inspections-export";
import { loader as listLoader } from "./routes/inspections";
import { action as ncrAction } from "./routes/ncr";
import { action as ncrsAction } from "./routes/ncrs";
import { item, publishedChecklist } from "./test-fixtures";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let other: FinanceOrganization;
let field: SignedIn;
let viewer: SignedIn;
let pm: SignedIn;
let stranger: SignedIn;
let versionId: string;
let templateId: string;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "insp-routes");
  other = await financeOrganization(owner, "insp-routes-other");
  field = await signIn((await org.addMember("field")).email, { organizationId: org.organizationId });
  viewer = await signIn((await org.addMember("viewer")).email, { organizationId: org.organizationId });
  pm = await signIn((await org.addMember("project_manager")).email, { organizationId: org.organizationId });
  stranger = await signIn((await other.addMember("project_manager")).email, { organizationId: other.organizationId });
  const checklist = await publishedChecklist(org, "Drywall pre-close-in", [
    item("Framing", "Studs plumb and at 16 in. centres"),
    item("MEP", "Electrical boxes secured", { onFail: "observation" }),
    item("MEP", "Plumbing pressure test signed", { required: false }),
  ]);
  ({ versionId, templateId } = checklist);
}, 90_000);
afterAll(() => owner.end());

const base = () => `/projects/${org.projectId}/inspections`;

async function start(who: SignedIn) {
  const answer = await callRoute(newInspectionAction, who.post(`${base()}/new`, { intent: "create", templateVersionId: versionId, location: "Level 3 corridor", inspectedOn: "2026-11-24" }), {
    projectId: org.projectId,
  });
  expect(answer.status).toBe(303);
  const inspectionId = answer.location!.split("/").at(-1)!;
  const items = (await owner`select i.id from checklist_items i where i.version_id = ${versionId} order by position`).map((r) => r.id as string);
  return { inspectionId, items, params: { projectId: org.projectId, inspectionId } };
}

const answers = (items: string[], results: (string | null)[], notes: string[] = []) =>
  Object.fromEntries(
    items.flatMap((id, i) => [
      [`answers[${i}].itemId`, id],
      ...(results[i] ? [[`answers[${i}].result`, results[i]!]] : []),
      [`answers[${i}].note`, notes[i] ?? ""],
    ]),
  );

describe("checklist routes", () => {
  it("field members read checklists but may not create or edit them (403)", async () => {
    expect((await callRoute(checklistsLoader, field.get("/checklists"))).status).toBe(200);
    expect((await callRoute(checklistsAction, field.post("/checklists", { intent: "create", name: "Mine", kind: "quality" }))).status).toBe(403);
    expect((await callRoute(checklistAction, field.post(`/checklists/${templateId}`, { intent: "publish", version: "1" }), { templateId })).status).toBe(403);
  });

  it("a project manager creates one; a bad post is a 400; another organization's checklist is a 404", async () => {
    const bad = await callRoute(checklistsAction, pm.post("/checklists", { intent: "create", name: "", kind: "bogus" }));
    expect(bad.status).toBe(400);
    expect(bad.fieldErrors.name).toBeDefined();
    const made = await callRoute(checklistsAction, pm.post("/checklists", { intent: "create", name: "Roofing final", kind: "quality" }));
    expect(made.status).toBe(303);
    const stolen = await callRoute(checklistAction, stranger.post(`/checklists/${templateId}`, { intent: "publish", version: "1" }), { templateId });
    expect(stolen.status).toBe(404);
  });
});

describe("inspection routes", () => {
  it("a field member runs an inspection without JavaScript: a Fail without a note is a 400, with a note it raises a punch item", async () => {
    const { items, params, inspectionId } = await start(field);
    const noNote = await callRoute(inspectionAction, field.post(`${base()}/${inspectionId}`, { intent: "save", version: "1", ...answers(items, ["fail"]) }), params);
    expect(noNote.status).toBe(400);
    expect(noNote.fieldErrors["answers[0].note"]).toEqual(["Say what failed: a Fail needs a note"]);

    const saved = await callRoute(
      inspectionAction,
      field.post(`${base()}/${inspectionId}`, { intent: "save", version: "1", ...answers(items, ["fail", "pass"], ["Stud at grid 4 out of plumb 12 mm"]) }),
      params,
    );
    expect(saved.status).toBe(303);
    const [punch] = await owner`select p.title from punch_items p join inspection_answers a on a.punch_item_id = p.id where a.inspection_id = ${inspectionId}`;
    expect(punch.title).toBe("Studs plumb and at 16 in. centres");

    const early = await callRoute(
      inspectionAction,
      field.post(`${base()}/${inspectionId}`, { intent: "complete", version: "1", signedName: "Frank Fields", signedAt: "2026-11-24", ...answers(items, []) }),
      params,
    );
    expect(early.status).toBe(409); // stale version: the save bumped it

    const done = await callRoute(
      inspectionAction,
      field.post(`${base()}/${inspectionId}`, { intent: "complete", version: "2", signedName: "Frank Fields", signedAt: "2026-11-24", ...answers(items, ["fail", "pass"], ["Stud at grid 4 out of plumb 12 mm"]) }),
      params,
    );
    expect(done.status).toBe(303);
    const page = await callRoute(inspectionLoader, field.get(`${base()}/${inspectionId}`), params);
    expect((page.data as Awaited<ReturnType<typeof inspectionLoader>>).page.inspection).toMatchObject({ status: "completed", signedName: "Frank Fields" });

    const pdf = await callRoute(pdfLoader, field.get(`${base()}/${inspectionId}/report.pdf`), params);
    const bytes = new Uint8Array(await (pdf.data as Response).arrayBuffer());
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    for (const words of ["Inspection report", "Drywall pre-close-in", "Studs plumb and at 16 in. centres", "Fail", "Stud at grid 4 out of plumb 12 mm", "Signed by: Frank Fields", "Pass", "Not answered"])
      expect(text).toContain(words);
  });

  it("a viewer reads but may not run (403); another organization's inspection and project are 404s", async () => {
    const { params, inspectionId } = await start(field);
    expect((await callRoute(inspectionLoader, viewer.get(`${base()}/${inspectionId}`), params)).status).toBe(200);
    expect((await callRoute(inspectionAction, viewer.post(`${base()}/${inspectionId}`, { intent: "save", version: "1" }), params)).status).toBe(403);
    expect((await callRoute(inspectionLoader, stranger.get(`${base()}/${inspectionId}`), params)).status).toBe(404);
    expect((await callRoute(inspectionAction, stranger.post(`${base()}/${inspectionId}`, { intent: "save", version: "1" }), params)).status).toBe(404);
    expect((await callRoute(pdfLoader, stranger.get(`${base()}/${inspectionId}/report.pdf`), params)).status).toBe(404);
    const wrongProject = { projectId: other.projectId, inspectionId };
    expect((await callRoute(inspectionLoader, stranger.get(`/projects/${other.projectId}/inspections/${inspectionId}`), wrongProject)).status).toBe(404);
  });

  it("lists and exports with the URL's filters", async () => {
    const list = await callRoute(listLoader, pm.get(`${base()}?f.status=completed`), { projectId: org.projectId });
    const rows = (list.data as Awaited<ReturnType<typeof listLoader>>).page.rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === "completed")).toBe(true);
    const exported = await callRoute(exportLoader, pm.get(`${base()}/export.xlsx?f.status=completed`), { projectId: org.projectId });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await (exported.data as Response).arrayBuffer()) as unknown as ArrayBuffer);
    expect(book.worksheets[0].rowCount).toBe(rows.length + 1);
  });
});

describe("NCR routes", () => {
  it("opens an NCR from a failed item and takes it through its steps; a skipped step is a 409", async () => {
    const { items, params, inspectionId } = await start(field);
    await callRoute(inspectionAction, field.post(`${base()}/${inspectionId}`, { intent: "save", version: "1", ...answers(items, ["fail"], ["Bowed studs"]) }), params);
    const [answer] = await owner`select id from inspection_answers where inspection_id = ${inspectionId}`;
    const ncrs = `/projects/${org.projectId}/ncrs`;
    const bad = await callRoute(ncrsAction, field.post(ncrs, { intent: "create", title: "", description: "" }), { projectId: org.projectId });
    expect(bad.status).toBe(400);
    const made = await callRoute(ncrsAction, field.post(ncrs, { intent: "create", title: "Bowed studs", description: "Studs bowed at grid 4", answerId: answer.id }), { projectId: org.projectId });
    expect(made.status).toBe(303);
    const ncrId = made.location!.split("/").at(-1)!;
    const p = { projectId: org.projectId, ncrId };
    expect((await callRoute(ncrAction, field.post(`${ncrs}/${ncrId}`, { intent: "close", version: "1" }), p)).status).toBe(409);
    expect((await callRoute(ncrAction, field.post(`${ncrs}/${ncrId}`, { intent: "corrective_action", version: "1", rootCause: "", correctiveAction: "" }), p)).status).toBe(400);
    expect((await callRoute(ncrAction, field.post(`${ncrs}/${ncrId}`, { intent: "corrective_action", version: "1", rootCause: "Wet lumber", correctiveAction: "Replace studs" }), p)).status).toBe(303);
    expect((await callRoute(ncrAction, viewer.post(`${ncrs}/${ncrId}`, { intent: "close", version: "2" }), p)).status).toBe(403);
    expect((await callRoute(ncrAction, stranger.post(`/projects/${other.projectId}/ncrs/${ncrId}`, { intent: "close", version: "2" }), { projectId: other.projectId, ncrId })).status).toBe(404);
  });
});
