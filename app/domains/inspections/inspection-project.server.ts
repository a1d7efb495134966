import type { Member } from "~/utils/auth.server";
import { requireProjectFor } from "~/domains/projects/project-guard.server";

/** The project of an inspection or NCR page, as its header shows it (a 404 when the member may not open it). */
export async function inspectionProject(member: Member, projectId: string | undefined) {
  const project = await requireProjectFor(member, projectId ?? "");
  return { id: project.id, jobNumber: project.jobNumber, name: project.name };
}
