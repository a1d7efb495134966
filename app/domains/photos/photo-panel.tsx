import type { ReactNode } from "react";
import { PostForm } from "~/components/forms";
import { PHOTO_CAPTION_MAX, PHOTO_MAX_FILE_BYTES, PHOTO_MAX_FILES, type PhotoStage, type PhotoSubject } from "./photo-subjects";

/** What a thumbnail needs (a PhotoView from photos.server.ts fits). */
export interface ThumbPhoto {
  id: string;
  caption: string;
  width: number;
  height: number;
  thumbUrl: string;
  fullUrl: string;
  stage?: PhotoStage | null;
}

/** One thumbnail linking to the full image; width/height reserve its space before it loads. */
export function PhotoThumb({ photo, children }: { photo: ThumbPhoto; children?: ReactNode }) {
  return (
    <figure className="overflow-hidden rounded-md border border-slate-200 bg-white">
      <a href={photo.fullUrl} className="block bg-slate-100">
        <img src={photo.thumbUrl} width={photo.width} height={photo.height} loading="lazy" decoding="async" alt={photo.caption || "Photo"} className="aspect-[4/3] h-auto w-full object-cover" />
      </a>
      {photo.caption || photo.stage || children ? (
        <figcaption className="space-y-1 px-2 py-1.5 text-xs text-slate-700">
          {photo.stage ? <span className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 font-medium uppercase text-slate-600">{photo.stage}</span> : null}
          {photo.caption}
          {children}
        </figcaption>
      ) : null}
    </figure>
  );
}

/** A compact row of thumbnails for lists (a punch item's row, a log's summary); "+n" when there are more. */
export function PhotoThumbs({ photos, max = 4, total }: { photos: ThumbPhoto[]; max?: number; total?: number }) {
  if (photos.length === 0) return null;
  const more = (total ?? photos.length) - Math.min(max, photos.length);
  return (
    <div className="flex items-center gap-1.5">
      {photos.slice(0, max).map((photo) => (
        <a key={photo.id} href={photo.fullUrl} className="block h-12 w-12 shrink-0 overflow-hidden rounded border border-slate-200 bg-slate-100">
          <img src={photo.thumbUrl} width={photo.width} height={photo.height} loading="lazy" decoding="async" alt={photo.caption || "Photo"} className="h-full w-full object-cover" />
        </a>
      ))}
      {more > 0 ? <span className="text-xs text-slate-500">+{more}</span> : null}
    </div>
  );
}

const fileButton = "flex min-h-11 cursor-pointer items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50";

/**
 * The upload form of a subject: a camera input (phones open the camera), a multi-file input, a
 * caption. A plain multipart form (works without JS); `data-outbox` lets the offline outbox keep it
 * when the connection drops.
 */
export function PhotoUploadForm({ projectId, subject, stage, redirectTo }: { projectId: string; subject: PhotoSubject; stage?: PhotoStage; redirectTo: string }) {
  return (
    <PostForm action={`/projects/${projectId}/photos`} encType="multipart/form-data" data-outbox="" className="space-y-3 rounded-md border border-dashed border-slate-300 bg-slate-50 p-3">
      <input type="hidden" name="subjectKind" value={subject.kind} />
      {subject.id ? <input type="hidden" name="subjectId" value={subject.id} /> : null}
      {stage ? <input type="hidden" name="stage" value={stage} /> : null}
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <label className={fileButton}>
          <span className="mr-2">Take photo</span>
          <input type="file" name="photos" accept="image/*" capture="environment" className="w-full max-w-48 text-xs" aria-label="Take photo" />
        </label>
        <label className={fileButton}>
          <span className="mr-2">Choose photos</span>
          <input type="file" name="photos" accept="image/*" multiple className="w-full max-w-48 text-xs" aria-label="Choose photos" />
        </label>
      </div>
      <label className="block text-sm">
        <span className="font-medium text-slate-700">Caption</span>
        <input type="text" name="caption" maxLength={PHOTO_CAPTION_MAX} placeholder="What the photo shows (optional)" className="mt-1 block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm" />
      </label>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs text-slate-500">
          Up to {PHOTO_MAX_FILES} photos, {PHOTO_MAX_FILE_BYTES / 1024 / 1024} MB each. Location data is removed from the image.
        </p>
        <button type="submit" className="min-h-11 rounded-md bg-brand-600 px-5 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Upload photos
        </button>
      </div>
    </PostForm>
  );
}

/** A subject's photos and, for those who may upload, the form to add more. */
export function PhotoPanel(props: {
  projectId: string;
  subject: PhotoSubject;
  photos: ThumbPhoto[];
  canUpload: boolean;
  stage?: PhotoStage;
  redirectTo: string;
  title?: string;
}) {
  const { projectId, subject, photos, canUpload, stage, redirectTo, title = "Photos" } = props;
  return (
    <section className="space-y-3" aria-label={title}>
      <h2 className="text-lg font-semibold">
        {title} <span className="text-sm font-normal text-slate-500">({photos.length})</span>
      </h2>
      {photos.length ? (
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-4">
          {photos.map((photo) => (
            <PhotoThumb key={photo.id} photo={photo} />
          ))}
        </div>
      ) : (
        <p className="text-sm text-slate-500">No photos yet.</p>
      )}
      {canUpload ? <PhotoUploadForm projectId={projectId} subject={subject} stage={stage} redirectTo={redirectTo} /> : null}
    </section>
  );
}
