import type { FieldMetadata } from "@conform-to/react";
import { TextField } from "~/components/forms";

type Field = FieldMetadata<string, Record<string, unknown>, string[]>;
type HeaderFields = { invoiceNumber: Field; invoiceDate: Field; dueDate: Field; description: Field };

/** The invoice header inputs shared by the new-invoice forms, the draft's edit form and the retainage release form. */
export function ApInvoiceHeaderFields({ fields }: { fields: HeaderFields }) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <TextField meta={fields.invoiceNumber} label="Vendor's invoice number" autoComplete="off" />
      <TextField meta={fields.invoiceDate} label="Invoice date" type="date" />
      <TextField meta={fields.dueDate} label="Due date" type="date" />
      <div className="sm:col-span-3">
        <TextField meta={fields.description} label="Description" />
      </div>
    </div>
  );
}
