import type { LoaderFunctionArgs } from "react-router";
import { listCostTypeOptions } from "~/domains/cost-codes/cost-types.server";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { xlsxHeaders } from "~/utils/excel.server";
import { buildMasterfileTemplate } from "../masterfile-template.server";

/** The masterfile template (.xlsx), with the organization's own cost types in its dropdowns. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "imports:run");
  const costTypes = await withTenant(member.tenant, (tx) => listCostTypeOptions(tx));
  const workbook = await buildMasterfileTemplate({ costTypes });
  return new Response(new Uint8Array(workbook), { headers: xlsxHeaders("secg-masterfile-template.xlsx") });
}
