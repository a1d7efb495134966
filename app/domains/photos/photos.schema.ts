import { z } from "zod";
import { dateField } from "~/utils/form-fields";
import { PHOTO_CAPTION_MAX, PHOTO_STAGES, PHOTO_SUBJECT_KINDS } from "./photo-subjects";

const caption = z.string().trim().max(PHOTO_CAPTION_MAX, `A caption may have at most ${PHOTO_CAPTION_MAX} characters`).default("");
/**
 * Where to go after the post: a path of this site (checked again with safeRedirectPath). No
 * encoded characters, so nothing like "/%09/evil.test" can turn into another host in a browser.
 */
const returnPath = z
  .string({ error: "Say which page to return to" })
  .max(500, "That return address is too long")
  .regex(/^\/(?!\/)[A-Za-z0-9\-._~/?&=]*$/, "The return address must be a page of this site");
const redirectTo = returnPath.optional();

/** The text fields of an upload post (the files come separately, see withMultipartFiles). */
export const photoUploadSchema = z.object({
  subjectKind: z.enum(PHOTO_SUBJECT_KINDS, { error: "Choose what the photos belong to" }).default("project"),
  subjectId: z.uuid("That is not a valid record").optional(),
  stage: z.enum(PHOTO_STAGES, { error: "Choose before or after" }).optional(),
  caption,
  redirectTo,
});

export const photoEditSchema = z.discriminatedUnion("intent", [
  // the forms always send their page: a post without it is not one of ours
  z.object({ intent: z.literal("caption"), caption, redirectTo: returnPath }),
  z.object({ intent: z.literal("delete"), redirectTo: returnPath }),
]);

/** The gallery's GET filters; anything malformed is ignored rather than refused. */
export const galleryFilterSchema = z.object({
  from: dateField("the first day").optional().catch(undefined),
  to: dateField("the last day").optional().catch(undefined),
  kind: z.enum(PHOTO_SUBJECT_KINDS).optional().catch(undefined),
  after: z.uuid().optional().catch(undefined),
});

export type GalleryFilter = z.output<typeof galleryFilterSchema>;
