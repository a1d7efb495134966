import { Form } from "react-router";
import { PostForm } from "~/components/forms";
import { formatDateTime } from "~/utils/org-format";
import { useOrgFormat } from "~/utils/org-format-context";
import type { GalleryPhoto } from "./photo-gallery.server";
import { PhotoThumb } from "./photo-panel";
import { PHOTO_CAPTION_MAX, PHOTO_SUBJECT_KINDS, PHOTO_SUBJECT_LABELS } from "./photo-subjects";
import type { GalleryFilter } from "./photos.schema";

const field = "mt-1 block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm";

/** The gallery's GET filter form (dates and kind in the URL, so a filtered gallery is a link). */
export function GalleryFilters({ filter }: { filter: GalleryFilter }) {
  return (
    <Form method="get" className="grid grid-cols-2 gap-3 rounded-md border border-slate-200 bg-white p-3 sm:grid-cols-4 sm:items-end">
      <label className="text-sm">
        <span className="font-medium text-slate-700">From</span>
        <input type="date" name="from" defaultValue={filter.from ?? ""} className={field} />
      </label>
      <label className="text-sm">
        <span className="font-medium text-slate-700">To</span>
        <input type="date" name="to" defaultValue={filter.to ?? ""} className={field} />
      </label>
      <label className="text-sm">
        <span className="font-medium text-slate-700">Attached to</span>
        <select name="kind" defaultValue={filter.kind ?? ""} className={field}>
          <option value="">Everything</option>
          {PHOTO_SUBJECT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {PHOTO_SUBJECT_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">
        Show
      </button>
    </Form>
  );
}

/** The gallery grid: each photo links to its full image and its subject; caption and delete for uploaders. */
export function GalleryGrid({ photos, canEdit, redirectTo }: { photos: GalleryPhoto[]; canEdit: boolean; redirectTo: string }) {
  const format = useOrgFormat();
  if (photos.length === 0) return <p className="text-sm text-slate-500">No photos match.</p>;
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-6" data-testid="gallery">
      {photos.map((photo) => (
        <li key={photo.id}>
          <PhotoThumb photo={photo}>
            <p className="text-slate-500">
              <a href={photo.subjectHref} className="font-medium text-brand-700 hover:underline">{photo.subjectLabel}</a> · {formatDateTime(photo.takenAt ?? photo.createdAt, format)}
              {photo.uploadedByName ? ` · ${photo.uploadedByName}` : ""}
            </p>
            {canEdit ? (
              <details className="pt-1">
                <summary className="flex min-h-11 cursor-pointer items-center text-brand-700">Edit</summary>
                <PostForm action={`/photos/${photo.id}`} className="space-y-2">
                  <input type="hidden" name="redirectTo" value={redirectTo} />
                  <input type="text" name="caption" defaultValue={photo.caption} maxLength={PHOTO_CAPTION_MAX} aria-label="Caption" className={field} />
                  <button type="submit" name="intent" value="caption" className="min-h-11 w-full rounded-md bg-brand-600 px-3 text-sm font-medium text-white">
                    Save caption
                  </button>
                </PostForm>
                <PostForm action={`/photos/${photo.id}`} className="mt-2">
                  <input type="hidden" name="redirectTo" value={redirectTo} />
                  <button type="submit" name="intent" value="delete" className="min-h-11 w-full rounded-md border border-red-300 bg-white px-3 text-sm font-medium text-red-700">
                    Delete photo
                  </button>
                </PostForm>
              </details>
            ) : null}
          </PhotoThumb>
        </li>
      ))}
    </ul>
  );
}
