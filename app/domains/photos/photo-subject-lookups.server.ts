import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { getProject } from "~/domains/projects/projects.server";
import { inspectionAnswerSubject, ncrSubject } from "~/domains/inspections/inspection-photos.server";
import type { PhotoSubjectKind, SubjectInfo } from "./photo-subjects";
import { observationPhotoSubject, punchItemPhotoSubject } from "~/domains/punch/punch-photo-subjects.server";
import { dailyLogPhotoSubject } from "~/domains/daily-logs/daily-log-photos.server";

async function projectSubject(tx: Tx, id: string): Promise<SubjectInfo | null> {
  try {
    const project = await getProject(tx, id);
    return { projectId: project.id, acceptsPhotos: true, label: `${project.jobNumber} · ${project.name}`, href: `/projects/${project.id}` };
  } catch (error) {
    if (error instanceof RecordNotFound) return null;
    throw error;
  }
}

/**
 * How the photo pipeline finds a subject of each kind (null: not found in this organization).
 * One line per kind; the lookup functions live in the domains that own the subjects. A kind
 * without a lookup takes no photos.
 */
export const PHOTO_SUBJECT_LOOKUPS: Partial<Record<PhotoSubjectKind, (tx: Tx, id: string) => Promise<SubjectInfo | null>>> = {
  project: projectSubject,
  punch_item: punchItemPhotoSubject,
  observation: observationPhotoSubject,
  daily_log: dailyLogPhotoSubject,
  inspection_answer: inspectionAnswerSubject,
  ncr: ncrSubject,
};
