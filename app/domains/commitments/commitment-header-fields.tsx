import type { FieldMetadata } from "@conform-to/react";
import { SelectField, TextField } from "~/components/forms";
import { RetainageBandsFields, type BandRowsField } from "../contracts/retainage-bands-fields";
import { COMMITMENT_TYPE_OPTIONS } from "./commitments.schema";

type Field = FieldMetadata<string, Record<string, unknown>, string[]>;
type HeaderFields = {
  vendorId: Field;
  type: Field;
  number: Field;
  title: Field;
  retainagePercent: Field;
  retainageCapPercent: Field;
  retainageBandBasis: Field;
  retainageBands: BandRowsField;
};

/** The header inputs shared by the new-commitment form and the draft commitment's edit form. */
export function CommitmentHeaderFields({ fields, vendors }: { fields: HeaderFields; vendors: { value: string; label: string }[] }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <SelectField meta={fields.vendorId} label="Vendor" options={[{ value: "", label: "Choose a vendor" }, ...vendors]} />
      <SelectField meta={fields.type} label="Type" options={[...COMMITMENT_TYPE_OPTIONS]} />
      <TextField meta={fields.number} label="Number" help="Unique within the project, e.g. SC-001 or PO-014." />
      <TextField meta={fields.title} label="Title" />
      <TextField meta={fields.retainagePercent} label="Retainage (%)" inputMode="decimal" help="Held on each invoice against this commitment." />
      <TextField
        meta={fields.retainageCapPercent}
        label="Retainage cap (% of commitment sum to date)"
        inputMode="decimal"
        help="Optional: retainage held stops growing at this share of the commitment with its approved change orders."
      />
      <div className="sm:col-span-2">
        <RetainageBandsFields basis={fields.retainageBandBasis} bands={fields.retainageBands} />
      </div>
    </div>
  );
}
