import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "react-router";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { objectStorage, ObjectNotFound } from "~/utils/storage.server";
import { getPhotoFile } from "../photos.server";

/** A photo's stored JPEG (size thumb or full), streamed; another organization's or a deleted photo is a 404. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  if (params.size !== "thumb" && params.size !== "full") throw new Response("Not Found", { status: 404 });
  let file: Awaited<ReturnType<typeof getPhotoFile>>;
  try {
    file = await withTenant(member.tenant, (tx) => getPhotoFile(tx, params.photoId ?? ""));
  } catch (error) {
    throw error instanceof RecordNotFound ? notFoundResponse(error) : error;
  }
  await requireProjectFor(member, file.projectId);
  let stream: Readable;
  try {
    stream = await objectStorage().getStream(params.size === "thumb" ? file.thumbKey : file.storageKey);
  } catch (error) {
    if (error instanceof ObjectNotFound) throw new Response("This photo's file is missing.", { status: 404 });
    throw error;
  }
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": file.contentType,
      // a photo's bytes never change under its id; private: behind the session, never in a shared cache
      "Cache-Control": "private, max-age=86400",
      "Content-Disposition": `inline; filename="photo-${params.photoId}${params.size === "thumb" ? "-thumb" : ""}.jpg"`,
    },
  });
}
