import type { Tx } from "~/utils/db.server";
import { organizationToday } from "~/utils/aging-report.server";
import { inspectionChecklist } from "./inspection-answers.server";
import { failedAnswerPhotos } from "./inspection-photos.server";
import { findInspection } from "./inspections.server";
import { ncrsByAnswer } from "./ncrs.server";

/** Everything the inspection page shows: the header, its checklist with answers and what failures raised, NCRs by answer, photos of failed items. */
export async function loadInspectionPage(tx: Tx, projectId: string, inspectionId: string) {
  const inspection = await findInspection(tx, projectId, inspectionId);
  const [sections, ncrs, today] = await Promise.all([inspectionChecklist(tx, inspection), ncrsByAnswer(tx, inspection.id), organizationToday(tx)]);
  return { inspection, sections, ncrs: Object.fromEntries(ncrs), today, failedPhotos: await failedAnswerPhotos(tx, sections) };
}
export type InspectionPage = Awaited<ReturnType<typeof loadInspectionPage>>;
