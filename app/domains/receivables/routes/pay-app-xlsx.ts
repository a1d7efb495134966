import type { LoaderFunctionArgs } from "react-router";
import { xlsxHeaders } from "~/utils/excel.server";
import { g702DocumentForRequest, g702FileBase } from "../g702-document.server";
import { renderG702Xlsx } from "../g702-xlsx.server";

/** The pay application's summary and continuation sheet as .xlsx (values, no formulas). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const document = await g702DocumentForRequest(request, params.payAppId, "xlsx");
  const workbook = await renderG702Xlsx(document);
  return new Response(new Uint8Array(workbook), { headers: xlsxHeaders(`${g702FileBase(document)}.xlsx`) });
}
