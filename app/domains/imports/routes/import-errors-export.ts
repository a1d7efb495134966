import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { errorRowsResponse } from "../import-errors-workbook.server";
import { getImport } from "../imports.server";

/** The rows in error of one import as a masterfile the user can fix and upload again. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "imports:run");
  const importId = params.importId ?? "";
  const record = isUuid(importId) ? await withTenant(member.tenant, (tx) => getImport(tx, importId)) : null;
  if (!record) throw notFoundResponse(new RecordNotFound("import"));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  const base = record.fileName.replace(/\.xlsx$/i, "");
  return errorRowsResponse(run, importId, `${base}-errors.xlsx`);
}
