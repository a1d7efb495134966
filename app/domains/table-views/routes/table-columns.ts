import type { ActionFunctionArgs } from "react-router";
import { redirect } from "react-router";
import { requireMember, requireUser, safeRedirectPath } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { orderFromForm, parseColumnKeys, withColumnsParam } from "~/utils/table-columns";
import { registeredTable } from "../registry.server";
import { saveColumnPreference } from "../table-views.server";

const bad = (message: string) => new Response(message, { status: 400, statusText: "Bad Request" });

/**
 * The column chooser's form (POST, JavaScript optional): the checked columns in the order given
 * (order numbers, or one up/down move), remembered for the member and table, then back to the page
 * with `cols=` in its URL so the choice is shareable. `intent=reset` forgets the choice.
 */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  await requireUser(request);
  const table = registeredTable(String(form.get("tableId") ?? ""));
  if (!table) throw bad("Unknown table.");
  const member = await requireMember(request, table.permission);
  const back = safeRedirectPath(form.get("returnTo"), "");
  if (!back || !table.path.test(back.split("?")[0])) throw bad("The column chooser must return to its table's page.");

  if (form.get("intent") === "reset") {
    await withTenant(member.tenant, (tx) => saveColumnPreference(tx, member.user.id, table.definition.id, null));
    return redirect(withColumnsParam(back, null), { status: 303 });
  }
  const current = parseColumnKeys(table.definition, String(form.get("current") ?? ""));
  const checked = form.getAll("col").map(String);
  const known = parseColumnKeys(table.definition, checked);
  if (!known.ok) throw bad(known.message);
  const order = Object.fromEntries(table.definition.columns.map((c) => [c.key, String(form.get(`order.${c.key}`) ?? "")]));
  const keys = orderFromForm(table.definition, current.ok ? current.keys : [], { checked: known.keys, order, move: form.get("move")?.toString() });
  await withTenant(member.tenant, (tx) => saveColumnPreference(tx, member.user.id, table.definition.id, keys));
  return redirect(withColumnsParam(back, keys), { status: 303 });
}
