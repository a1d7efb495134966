import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { getOrganizationLogo } from "../settings.server";

/** The active organization's logo (type checked by magic bytes at upload; nosniff is global). */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "organization:read");
  const logo = await withTenant(member.tenant, getOrganizationLogo);
  if (!logo) throw new Response("No logo", { status: 404 });
  return new Response(new Uint8Array(logo.bytes), {
    headers: { "Content-Type": logo.contentType, "Cache-Control": "private, max-age=300", "Content-Disposition": "inline" },
  });
}
