/**
 * Demo checklists and inspections, made through the inspection services (so failed items raise
 * their punch items and observations as in the app): the four checklists published; on the first
 * active projects a signed pre-pour inspection whose failed item raised a punch item and an NCR
 * (in corrective action), a signed safety walk whose failure raised an observation, and a drywall
 * inspection in progress. Runs only for an organization without checklists.
 */
import { sql } from "drizzle-orm";
import { createTemplate, publishDraft, saveDraft } from "~/domains/inspections/checklists.server";
import { completeInspection, inspectionChecklist, saveAnswers } from "~/domains/inspections/inspection-answers.server";
import { createInspection } from "~/domains/inspections/inspections.server";
import { changeNcr, createNcr } from "~/domains/inspections/ncrs.server";
import type { AnswerInput } from "~/domains/inspections/inspections.schema";
import { organizationToday } from "~/utils/aging-report.server";
import type { Tx } from "~/utils/db.server";
import { queryRows } from "@db/query-rows";
import { DEMO_CHECKLISTS } from "./demo-inspections-data";

const daysBefore = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

type Who = { inspector: { id: string; name: string }; manager: { id: string; name: string } };

export async function seedInspections(tx: Tx, who: Who, projectCount: number) {
  const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from checklist_templates`);
  if (n > 0) return;
  const versions: Record<string, string> = {};
  for (const c of DEMO_CHECKLISTS) {
    const template = await createTemplate(tx, { name: c.name, kind: c.kind, description: c.description });
    const rows = c.items.map((i) => ({ section: i.section, prompt: i.prompt, guidance: i.guidance, required: i.required ?? true, onFail: i.onFail ?? "punch_item" }));
    const saved = await saveDraft(tx, template.id, { version: template.version, name: c.name, kind: c.kind, description: c.description, items: rows });
    versions[c.name] = (await publishDraft(tx, template.id, saved.template.version, who.manager.id)).published.id;
  }
  const today = await organizationToday(tx);
  const projects = await queryRows<{ id: string }>(tx, sql`select id from projects where status = 'active' order by job_number limit ${projectCount}`);
  for (const [p, project] of projects.entries()) {
    const run = async (name: string, daysAgo: number, location: string, answer: (prompt: string, i: number) => [AnswerInput["result"], string] | null, sign: boolean) => {
      const inspection = await createInspection(tx, project.id, { templateVersionId: versions[name], title: "", location, inspectedOn: daysBefore(today, daysAgo) }, who.inspector.id);
      const items = (await inspectionChecklist(tx, inspection)).flatMap((s) => s.items);
      const answers = items.flatMap((item, i) => {
        const a = answer(item.prompt, i);
        return a ? [{ itemId: item.id, result: a[0], note: a[1] }] : [];
      });
      const target = { projectId: project.id, inspectionId: inspection.id, version: inspection.version, answers };
      return sign
        ? completeInspection(tx, { ...target, signedName: who.inspector.name, signedAt: daysBefore(today, daysAgo), userId: who.inspector.id })
        : saveAnswers(tx, target);
    };
    const prePour = await run("Pre-pour concrete inspection", 20 - p * 3, p === 0 ? "Level 2 elevated deck, grids A–D" : "Footings F1–F8", (prompt) =>
      prompt.startsWith("Clear cover") ? ["fail", "Bolsters missing along grid C; cover measured 25 mm against 40 mm specified"] : prompt.startsWith("Cold or hot") ? ["na", ""] : ["pass", ""],
    true);
    await run("Weekly site safety walk", 6, "Whole site", (prompt) =>
      prompt.startsWith("Guardrails") ? ["fail", "Top rail missing at the level 3 east stair opening"] : prompt.startsWith("Hot work") ? ["na", "No hot work this week"] : ["pass", ""],
    true);
    await run("Drywall pre-close-in", 1, "Level 1 tenant corridor", (_prompt, i) => (i < 4 ? ["pass", ""] : null), false);
    if (p === 0) {
      const [failed] = await queryRows<{ id: string }>(tx, sql`select id from inspection_answers where inspection_id = ${prePour.inspection.id} and result = 'fail'`);
      const ncr = await createNcr(
        tx,
        project.id,
        { title: "Insufficient clear cover at level 2 deck", description: "Rebar cover 25 mm along grid C against 40 mm specified; bolsters missing over 12 m.", location: "Level 2 deck, grid C", answerId: failed.id },
        who.inspector.id,
      );
      await changeNcr(tx, project.id, ncr.id, { intent: "corrective_action", version: ncr.version, rootCause: "Bolster delivery short; the crew tied bars without them to hold the schedule.", correctiveAction: "Lift the mat, add 40 mm bolsters at 900 mm centres, re-inspect before the pour." }, who.manager.id);
    }
  }
}
