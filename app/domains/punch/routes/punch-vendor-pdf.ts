import type { LoaderFunctionArgs } from "react-router";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { pdfHeaders } from "~/domains/receivables/g702-pdf.server";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { vendorPunchDocument } from "../punch-pdf-document.server";
import { renderVendorPunchPdf, vendorPunchFilename } from "../punch-pdf.server";

/** `/projects/:projectId/punch/vendors/<vendorId>.pdf`: one subcontractor's open items on the project, to sign off on site. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const [vendorId, extension] = (params.vendorFile ?? "").split(/\.(?=pdf$)/);
  if (extension !== "pdf" || !isUuid(vendorId)) throw notFoundResponse(new RecordNotFound("subcontractor"));
  try {
    const document = await withTenant(member.tenant, (tx) => vendorPunchDocument(tx, project.id, vendorId));
    const pdf = await renderVendorPunchPdf(document);
    return new Response(new Uint8Array(pdf), { headers: pdfHeaders(vendorPunchFilename(document)) });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}
