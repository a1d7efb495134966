import { organizationBranding } from "~/domains/receivables/g702-document.server";
import { getProject } from "~/domains/projects/projects.server";
import type { Tx } from "~/utils/db.server";
import { inspectionChecklist } from "./inspection-answers.server";
import { findInspection } from "./inspections.server";

/** Everything the inspection PDF prints, read in one transaction. */
export async function inspectionDocument(tx: Tx, projectId: string, inspectionId: string) {
  const inspection = await findInspection(tx, projectId, inspectionId);
  const [organization, project, sections] = await Promise.all([organizationBranding(tx), getProject(tx, projectId), inspectionChecklist(tx, inspection)]);
  return { organization, project: { jobNumber: project.jobNumber, name: project.name, address: project.address }, inspection, sections };
}
export type InspectionDocument = Awaited<ReturnType<typeof inspectionDocument>>;

export const inspectionFileBase = (doc: InspectionDocument) => `inspection-${doc.project.jobNumber}-${doc.inspection.label}`.replace(/[^A-Za-z0-9._-]+/g, "-");
