import type { LoaderFunctionArgs } from "react-router";
import { g702DocumentForRequest, g702FileBase } from "../g702-document.server";
import { pdfHeaders, renderG702Pdf } from "../g702-pdf.server";

/** The pay application as a G702/G703-style PDF download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const document = await g702DocumentForRequest(request, params.payAppId, "pdf");
  const pdf = await renderG702Pdf(document);
  return new Response(new Uint8Array(pdf), { headers: pdfHeaders(`${g702FileBase(document)}.pdf`) });
}
