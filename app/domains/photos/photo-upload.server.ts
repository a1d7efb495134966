import { data } from "react-router";
import type { Member } from "~/utils/auth.server";
import { safeRedirectPath } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { TooManyUploads, UploadTooLarge, withMultipartFiles } from "~/utils/uploads.server";
import { PHOTO_MAX_FILE_BYTES, PHOTO_MAX_FILES } from "./photo-subjects";
import { photoUploadSchema } from "./photos.schema";
import { deleteStoredPhotoKeys, keepsPhotoGps, PhotoRefused, processAndStorePhotos } from "./photos.server";

const refused = (message: string, status = 400) => data({ uploadError: message }, { status });

/**
 * An upload post to a project's photos, start to end: the CSRF token checked first, files streamed to disk (count and size capped
 * as they arrive), fields checked, then one transaction stores them once per submission token. Bytes
 * written for a transaction that did not commit are deleted again.
 */
export async function receivePhotoUpload(request: Request, member: Member, projectOf: () => Promise<string>) {
  try {
    return await withMultipartFiles(request, { maxPartBytes: PHOTO_MAX_FILE_BYTES, maxFiles: PHOTO_MAX_FILES }, async (form, files) => {
      const projectId = await projectOf();
      const submission = parseForm(form, photoUploadSchema);
      if (submission.status !== "success") return refused(Object.values(submission.error ?? {}).flat().join(" ") || "Check the form.");
      const input = submission.value;
      const back = safeRedirectPath(input.redirectTo, `/projects/${projectId}/photos`);
      const written: string[] = [];
      try {
        const submitted = await withTenant(member.tenant, (tx) =>
          submitOnce(tx, request, form, async () => {
            const rows = await processAndStorePhotos(tx, {
              organizationId: member.tenant.organizationId,
              projectId,
              subject: { kind: input.subjectKind, id: input.subjectId ?? null },
              stage: input.stage ?? null,
              captions: [input.caption],
              files: files.get("photos") ?? [],
              keepGps: await keepsPhotoGps(tx),
              uploadedBy: member.user.id,
              written,
            });
            return { location: back, message: `${rows.length} photo${rows.length === 1 ? "" : "s"} added.` };
          }),
        );
        return redirectSubmitted(submitted);
      } catch (error) {
        await deleteStoredPhotoKeys(written);
        if (error instanceof PhotoRefused) return refused(error.message, error.status);
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof UploadTooLarge) return refused(`A photo is larger than ${PHOTO_MAX_FILE_BYTES / 1024 / 1024} MB, the most a photo may be.`, 413);
    if (error instanceof TooManyUploads) return refused(`At most ${PHOTO_MAX_FILES} photos can be added at once.`, 413);
    throw error;
  }
}
