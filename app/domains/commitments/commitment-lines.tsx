import { AddCostLineForm, CostLinesTable, EditCostLineForm, type CostLineFormProps, type CostLineView } from "~/components/cost-lines";
import { addCommitmentLineSchema, updateCommitmentLineSchema } from "./commitments.schema";

/** The lines by cost code × cost type; while a draft, each line links to its edit form. */
export function CommitmentLinesTable({ lines, total, editHref }: { lines: CostLineView[]; total: string; editHref: ((id: string) => string) | null }) {
  return <CostLinesTable testId="commitment-lines" totalTestId="lines-total" lines={lines} total={total} editHref={editHref} withRetainage />;
}

/** One line per post, so a commitment can be built with JavaScript off. */
export function AddCommitmentLineForm(props: CostLineFormProps) {
  return <AddCostLineForm schema={addCommitmentLineSchema} formId="add-commitment-line" withRetainage {...props} />;
}

export function EditCommitmentLineForm(props: CostLineFormProps & { line: CostLineView; cancelHref: string }) {
  return <EditCostLineForm schema={updateCommitmentLineSchema} formId={`edit-commitment-line-${props.line.id}`} withRetainage {...props} />;
}
