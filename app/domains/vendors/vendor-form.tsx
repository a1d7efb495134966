import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { updateVendorSchema, vendorSchema } from "./vendors.schema";

type Result = SubmissionResult<string[]> | undefined;
type Vendor = {
  id: string;
  name: string;
  contactName: string;
  email: string;
  phone: string;
  taxId: string;
  insuranceExpiresOn: string | null;
  lienWaiverRequired: boolean;
  lienWaiverReceived: boolean;
  stamp: string;
};

/** Adds a vendor, or edits `vendor` when given (plain POST: works without JavaScript). */
export function VendorForm({ vendor, lastResult, cancelHref }: { vendor?: Vendor; lastResult: Result; cancelHref?: string }) {
  const [form, fields] = useZodForm(vendor ? updateVendorSchema : vendorSchema, {
    id: vendor ? `edit-vendor-${vendor.id}` : "new-vendor",
    lastResult,
    defaultValue: vendor ? { ...vendor, insuranceExpiresOn: vendor.insuranceExpiresOn ?? "" } : undefined,
  });
  const checkbox = (meta: typeof fields.lienWaiverRequired, label: string) => (
    <label className="flex items-center gap-2 text-sm">
      <input {...getInputProps(meta, { type: "checkbox" })} key={meta.key} className="h-4 w-4 rounded border-slate-300" />
      {label}
    </label>
  );
  return (
    <PostForm {...getFormProps(form)} className={`space-y-3 rounded border bg-white p-4 ${vendor ? "border-brand-600" : "border-slate-200"}`}>
      <h2 className="font-semibold">{vendor ? `Edit ${vendor.name}` : "Add a vendor"}</h2>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value={vendor ? "update" : "create"} />
      {vendor ? (
        <>
          <input type="hidden" name="id" value={vendor.id} />
          <input type="hidden" name="stamp" value={vendor.stamp} />
        </>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <TextField meta={fields.name} label="Name" />
        <TextField meta={fields.contactName} label="Contact name" />
        <TextField meta={fields.email} label="Email" type="email" autoComplete="off" />
        <TextField meta={fields.phone} label="Phone" type="tel" />
        <TextField meta={fields.taxId} label="Tax id" help="EIN or other tax number, if known." />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-700">Compliance</legend>
        <div className="grid items-end gap-3 sm:grid-cols-3">
          <TextField meta={fields.insuranceExpiresOn} label="Insurance expires on" type="date" help="Leave empty when unknown." />
          {checkbox(fields.lienWaiverRequired, "Lien waiver required")}
          {checkbox(fields.lienWaiverReceived, "Lien waiver received")}
        </div>
        <p className="text-xs text-slate-500">When the organization blocks payments without compliance, expired insurance or a required waiver not received stops payments to this vendor.</p>
      </fieldset>
      <div className="flex items-center gap-4">
        <SubmitButton>{vendor ? "Save vendor" : "Add vendor"}</SubmitButton>
        {cancelHref ? (
          <a href={cancelHref} className="text-sm text-brand-700 hover:underline">
            Cancel
          </a>
        ) : null}
      </div>
    </PostForm>
  );
}
