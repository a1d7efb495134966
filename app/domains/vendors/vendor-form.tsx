import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { updateVendorSchema, vendorSchema } from "./vendors.schema";

type Result = SubmissionResult<string[]> | undefined;
type Vendor = { id: string; name: string; contactName: string; email: string; phone: string; taxId: string; stamp: string };

/** Adds a vendor, or edits `vendor` when given (plain POST: works without JavaScript). */
export function VendorForm({ vendor, lastResult, cancelHref }: { vendor?: Vendor; lastResult: Result; cancelHref?: string }) {
  const [form, fields] = useZodForm(vendor ? updateVendorSchema : vendorSchema, {
    id: vendor ? `edit-vendor-${vendor.id}` : "new-vendor",
    lastResult,
    defaultValue: vendor,
  });
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
