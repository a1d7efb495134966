import type { LoaderFunctionArgs } from "react-router";
import { pdfHeaders } from "~/domains/receivables/g702-pdf.server";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { inspectionDocument, inspectionFileBase } from "../inspection-document.server";
import { renderInspectionPdf } from "../inspection-pdf.server";
import { inspectionProject } from "../inspection-project.server";

/** The inspection report as a PDF download: letterhead, every item with its result and note, the signature block. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await inspectionProject(member, params.projectId);
  try {
    const document = await withTenant(member.tenant, (tx) => inspectionDocument(tx, project.id, params.inspectionId ?? ""));
    const pdf = await renderInspectionPdf(document);
    return new Response(new Uint8Array(pdf), { headers: pdfHeaders(`${inspectionFileBase(document)}.pdf`) });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}
