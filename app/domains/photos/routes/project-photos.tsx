import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { FormErrors } from "~/components/forms";
import { ProjectPageHeader } from "~/components/project-page-header";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { can } from "~/utils/permissions";
import { listProjectGallery } from "../photo-gallery.server";
import { PhotoUploadForm } from "../photo-panel";
import { GalleryFilters, GalleryGrid } from "../photo-gallery-view";
import { receivePhotoUpload } from "../photo-upload.server";
import { galleryFilterSchema } from "../photos.schema";
import { ProjectTabs } from "~/domains/projects/project-tabs-nav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Photos${data ? ` · ${data.project.jobNumber} ${data.project.name}` : ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const url = new URL(request.url);
  const filter = galleryFilterSchema.parse(Object.fromEntries(url.searchParams));
  const gallery = await withTenant(member.tenant, (tx) => listProjectGallery(tx, project.id, filter));
  const query = new URLSearchParams(Object.entries({ ...filter, after: undefined }).filter((e): e is [string, string] => Boolean(e[1])));
  return {
    project: { id: project.id, jobNumber: project.jobNumber, name: project.name },
    filter,
    photos: gallery.photos,
    nextPage: gallery.nextAfter ? `?${new URLSearchParams([...query, ["after", gallery.nextAfter]])}` : null,
    firstPage: filter.after ? `?${query}` : null,
    canUpload: can(member.active.role, "photos:upload"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // The session before the body; the CSRF token (the first part) before the project, like every
  // other action; the project before any file is looked at (a foreign one is a 404).
  const member = await requireMember(request, "photos:upload");
  return receivePhotoUpload(request, member, async () => (await requireProjectFor(member, params.projectId ?? "")).id);
}

export default function ProjectPhotos() {
  const { project, filter, photos, nextPage, firstPage, canUpload } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const here = `/projects/${project.id}/photos`;
  return (
    <section className="space-y-6">
      <ProjectPageHeader project={project} title="Photos" description="Every photo taken on the project, newest first: from daily logs, punch items, inspections and the project itself." />
      <ProjectTabs projectId={project.id} />
      {actionData && "uploadError" in actionData ? <FormErrors errors={[actionData.uploadError]} /> : null}
      {canUpload ? <PhotoUploadForm projectId={project.id} subject={{ kind: "project", id: null }} redirectTo={here} /> : null}
      <GalleryFilters filter={filter} />
      <GalleryGrid photos={photos} canEdit={canUpload} redirectTo={here} />
      <nav aria-label="Pages" className="flex flex-wrap gap-4 text-sm">
        {firstPage ? <a href={firstPage} className="inline-flex min-h-11 items-center font-medium text-brand-700 hover:underline">← Newest photos</a> : null}
        {nextPage ? <a href={nextPage} className="inline-flex min-h-11 items-center font-medium text-brand-700 hover:underline">Older photos →</a> : null}
      </nav>
    </section>
  );
}
