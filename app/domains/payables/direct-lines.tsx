import { AddCostLineForm, CostLinesTable, EditCostLineForm, type CostLineFormProps, type CostLineView } from "~/components/cost-lines";
import { addDirectLineSchema, updateDirectLineSchema } from "./payables.schema";

export type InvoiceLineView = CostLineView & { retainageReleased: string };

const RELEASED = { label: "Retainage released", of: (l: InvoiceLineView) => l.retainageReleased };

/**
 * An invoice's stored lines by cost code × cost type: the amounts of a direct-cost invoice, or the
 * retainage each commitment line releases on a release invoice. While a draft, direct lines link to
 * their edit form.
 */
export function InvoiceLinesTable({ lines, total, released, editHref }: { lines: InvoiceLineView[]; total: string; released: boolean; editHref: ((id: string) => string) | null }) {
  return <CostLinesTable testId="invoice-lines" lines={lines} total={total} amount={released ? RELEASED : undefined} editHref={editHref} />;
}

/** One direct-cost line per post, so an invoice can be entered with JavaScript off. */
export function AddDirectLineForm(props: CostLineFormProps) {
  return <AddCostLineForm schema={addDirectLineSchema} formId="add-direct-line" {...props} />;
}

export function EditDirectLineForm(props: CostLineFormProps & { line: InvoiceLineView; cancelHref: string }) {
  return <EditCostLineForm schema={updateDirectLineSchema} formId={`edit-direct-line-${props.line.id}`} {...props} />;
}
