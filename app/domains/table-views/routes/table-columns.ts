import type { ActionFunctionArgs } from "react-router";
import { redirect } from "react-router";
import { requireMember, requireUser, safeRedirectPath } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { orderFromForm, parseColumnKeys, withColumnsParam } from "~/utils/table-columns";
import type { TableDefinition } from "~/utils/data-table";
import { registeredTable } from "../registry.server";
import { saveColumnPreference } from "../table-views.server";

const bad = (message: string) => new Response(message, { status: 400, statusText: "Bad Request" });

/**
 * The column chooser's form (POST, JavaScript optional): the checked columns in the order given
 * (order numbers, or one up/down move), remembered for the member and table, then back to the page
 * with `cols=` in its URL so the choice is shareable. `intent=reset` forgets the choice.
 */
/** Nothing to show at this address: the chooser lives on each table's page. */
export const loader = () => redirect("/table-views");

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  await requireUser(request);
  const table = registeredTable(String(form.get("tableId") ?? ""));
  if (!table) throw bad("Unknown table.");
  const member = await requireMember(request, table.permission);
  const back = safeRedirectPath(form.get("returnTo"), "");
  if (!back || !table.path.test(back.split("?")[0])) throw bad("The column chooser must return to its table's page.");

  // Every button posts the whole form: it is checked whole whichever button was pressed.
  const problem = formProblem(table.definition, form);
  if (problem) throw bad(problem);
  if (form.get("intent") === "reset") {
    await withTenant(member.tenant, (tx) => saveColumnPreference(tx, member.user.id, table.definition.id, null));
    return redirect(withColumnsParam(back, null), { status: 303 });
  }
  const current = parseColumnKeys(table.definition, String(form.get("current") ?? ""));
  const known = parseColumnKeys(table.definition, form.getAll("col").map(String));
  if (!known.ok) throw bad(known.message);
  const order = Object.fromEntries(table.definition.columns.map((c) => [c.key, String(form.get(`order.${c.key}`) ?? "")]));
  const keys = orderFromForm(table.definition, current.ok ? current.keys : [], { checked: known.keys, order, move: form.get("move")?.toString() });
  await withTenant(member.tenant, (tx) => saveColumnPreference(tx, member.user.id, table.definition.id, keys));
  return redirect(withColumnsParam(back, keys), { status: 303 });
}

/** Why the chooser's form is not one the chooser sends (each field once, known values), or null. */
function formProblem(definition: TableDefinition, form: FormData): string | null {
  const single = ["tableId", "returnTo", "current", "intent", "move", ...definition.columns.map((c) => `order.${c.key}`)];
  const twice = single.find((name) => form.getAll(name).length > 1);
  if (twice) return `The field "${twice}" was sent more than once.`;
  const intent = form.get("intent");
  if (intent !== null && intent !== "reset") return "Unknown action.";
  const move = form.get("move");
  if (move !== null && !definition.columns.some((c) => move === `${c.key}:up` || move === `${c.key}:down`)) return "Unknown move.";
  // what was sent is not echoed back: the answer is plain text
  const current = String(form.get("current") ?? "");
  if (current && !parseColumnKeys(definition, current).ok) return "The chooser's columns are not this table's: reload the page.";
  const checked = form.getAll("col").map(String);
  if (checked.length && !parseColumnKeys(definition, checked).ok) return "Choose columns of this table, each once.";
  const count = definition.columns.length;
  for (const column of definition.columns) {
    const value = String(form.get(`order.${column.key}`) ?? "").trim();
    if (value && !(/^\d{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= count))
      return `The position of "${column.label}" must be a whole number from 1 to ${count}.`;
  }
  return null;
}
