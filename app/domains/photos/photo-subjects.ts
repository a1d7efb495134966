/**
 * What a photo can be attached to (browser-safe leaf: the photo registry and the domains that own
 * the subjects import this, never each other). Kept in step with db/schema/photos.ts.
 */
export const PHOTO_SUBJECT_KINDS = ["project", "daily_log", "punch_item", "observation", "inspection_answer", "ncr"] as const;

export type PhotoSubjectKind = (typeof PHOTO_SUBJECT_KINDS)[number];

/** `id` is null for kind 'project' (the project itself is the subject). */
export type PhotoSubject = { kind: PhotoSubjectKind; id: string | null };

/** A subject as the photo pipeline needs it: whose project, whether it takes photos now, where it lives. */
export type SubjectInfo = { projectId: string; acceptsPhotos: boolean; label: string; href: string };

export const PHOTO_STAGES = ["before", "after"] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];

export const PHOTO_SUBJECT_LABELS: Record<PhotoSubjectKind, string> = {
  project: "Project",
  daily_log: "Daily log",
  punch_item: "Punch item",
  observation: "Observation",
  inspection_answer: "Inspection",
  ncr: "NCR",
};

/** The limits of one upload post (shown on the form, enforced on the server). */
export const PHOTO_MAX_FILE_BYTES = 20 * 1024 * 1024;
export const PHOTO_MAX_FILES = 20;
/** The whole upload post (the body is counted as it streams and refused past this). */
export const PHOTO_MAX_POST_BYTES = 120 * 1024 * 1024;
export const PHOTO_MAX_PIXELS = 50_000_000;
export const PHOTO_MAX_EDGE = 2560;
export const PHOTO_THUMB_EDGE = 400;
export const PHOTO_CAPTION_MAX = 500;

/** Where a photo's subject lives (the agreed URLs of the field pages). */
export function photoSubjectHref(projectId: string, kind: PhotoSubjectKind, id: string | null): string {
  const project = `/projects/${projectId}`;
  if (!id) return project;
  switch (kind) {
    case "daily_log":
      return `${project}/daily-logs/${id}`;
    case "punch_item":
      return `${project}/punch/${id}`;
    case "observation":
      return `${project}/observations/${id}`;
    case "ncr":
      return `${project}/ncrs/${id}`;
    case "inspection_answer":
      return `${project}/inspections`;
    default:
      return project;
  }
}
