import type { ActionFunctionArgs } from "react-router";
import { data } from "react-router";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember, safeRedirectPath } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { photoEditSchema } from "../photos.schema";
import { deletePhoto, getPhotoFile, PhotoRefused, updateCaption } from "../photos.server";

/** Caption edits and deletions of one photo (forms on the gallery and the subjects' pages). */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "photos:upload");
  const photoId = params.photoId ?? "";
  try {
    const { projectId } = await withTenant(member.tenant, (tx) => getPhotoFile(tx, photoId));
    await requireProjectFor(member, projectId);
    const submission = parseForm(form, photoEditSchema);
    if (submission.status !== "success") return data({ error: Object.values(submission.error ?? {}).flat().join(" ") || "Check the form." }, { status: 400 });
    const input = submission.value;
    const back = safeRedirectPath(input.redirectTo, `/projects/${projectId}/photos`);
    if (input.intent === "caption") {
      await withTenant(member.tenant, (tx) => updateCaption(tx, photoId, input.caption));
      return redirectWithFlash(back, { kind: "success", message: "Caption saved." });
    }
    await withTenant(member.tenant, (tx) => deletePhoto(tx, photoId));
    return redirectWithFlash(back, { kind: "success", message: "Photo deleted." });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    if (error instanceof PhotoRefused) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}
