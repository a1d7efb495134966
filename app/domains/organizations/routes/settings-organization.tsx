import { getFormProps, getInputProps } from "@conform-to/react";
import { readFile } from "node:fs/promises";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { useZodForm } from "~/components/use-zod-form";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { rateToPercent } from "~/utils/money";
import { formatDate, LOCALE_LABELS, LOCALES } from "~/utils/org-format";
import { UploadTooLarge, withMultipartForm } from "~/utils/uploads.server";
import { useCan } from "~/utils/use-viewer";
import { getOrganizationSettings } from "../organizations.server";
import { MONTHS, organizationSettingsSchema } from "../organizations.schema";
import { imageType, LOGO_MAX_BYTES, paymentsBlockedWithoutCompliance, photoGpsKept, setOrganizationLogo, StaleSettings, updateOrganizationSettings } from "../settings.server";

export const meta: MetaFunction = () => [{ title: "Organization settings · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "organization:read");
  const { settings, blockPaymentsWithoutCompliance, keepPhotoGps } = await withTenant(member.tenant, async (tx) => ({
    settings: await getOrganizationSettings(tx),
    blockPaymentsWithoutCompliance: await paymentsBlockedWithoutCompliance(tx),
    keepPhotoGps: await photoGpsKept(tx),
  }));
  return {
    settings: {
      ...settings,
      blockPaymentsWithoutCompliance,
      keepPhotoGps,
      defaultRetainagePercent: rateToPercent(settings.defaultRetainageRate),
      updatedAt: settings.updatedAt.toISOString(),
    },
  };
}

const SAMPLE_DAY = "2026-12-07";

const logoError = (message: string) => data({ logoError: message }, { status: 400 });

export async function action({ request }: ActionFunctionArgs) {
  // The session before the body: a visitor who may not post here gets no byte of it read.
  const member = await requireMember(request, "organization:update");
  let form: FormData;
  let logo: Buffer | null;
  try {
    // A logo is at most LOGO_MAX_BYTES (512 KB), so it is read whole while its temp file exists.
    ({ form, logo } = await withMultipartForm(request, LOGO_MAX_BYTES, async (form, files) => {
      const file = files.get("logo");
      return { form, logo: file && file.size > 0 ? await readFile(file.path) : null };
    }));
  } catch (error) {
    if (error instanceof UploadTooLarge) return logoError("The logo must be 512 KB or smaller.");
    throw error;
  }
  const intent = form.get("intent");
  if (intent === "logo") {
    if (!logo) return logoError("Choose an image file to upload.");
    const contentType = imageType(logo);
    if (!contentType) return logoError("The logo must be a PNG, JPEG or WebP image.");
    await withTenant(member.tenant, (tx) => setOrganizationLogo(tx, { bytes: logo, contentType }));
    return redirectWithFlash("/settings/organization", { kind: "success", message: "Logo updated." });
  }
  if (intent === "remove-logo") {
    await withTenant(member.tenant, (tx) => setOrganizationLogo(tx, null));
    return redirectWithFlash("/settings/organization", { kind: "success", message: "Logo removed." });
  }
  if (intent !== "settings") throw new Response("Unknown action.", { status: 400 });
  const submission = parseForm(form, organizationSettingsSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    await withTenant(member.tenant, (tx) => updateOrganizationSettings(tx, submission.value));
  } catch (error) {
    if (error instanceof StaleSettings) return invalid(submission, { formErrors: [error.message] }, 409);
    throw error;
  }
  return redirectWithFlash("/settings/organization", { kind: "success", message: "Organization settings saved." });
}

export default function OrganizationSettings() {
  const { settings } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const canEdit = useCan("organization:update");
  const lastResult = actionData && !("logoError" in actionData) ? actionData : undefined;
  const [form, fields] = useZodForm(organizationSettingsSchema, { lastResult, defaultValue: { ...settings, fiscalYearStartMonth: String(settings.fiscalYearStartMonth), version: String(settings.version) } });
  return (
    <section className="max-w-2xl">
      <h1 className="text-2xl font-semibold">Organization settings</h1>
      <PostForm {...getFormProps(form)} encType="multipart/form-data" className="mt-6 space-y-4">
        <fieldset disabled={!canEdit} className="space-y-4">
          <FormErrors errors={form.errors} />
          <input type="hidden" name="version" value={settings.version} />
          <TextField meta={fields.name} label="Name" />
          <TextField meta={fields.address} label="Address" />
          <TextField meta={fields.defaultRetainagePercent} label="Default retainage (%)" inputMode="decimal" help="Applied to new projects and contracts." />
          <SelectField meta={fields.fiscalYearStartMonth} label="Fiscal year starts in" options={MONTHS.map((m, i) => ({ value: String(i + 1), label: m }))} />
          <TextField meta={fields.timeZone} label="Time zone" help="An IANA time zone, e.g. America/Chicago. Times on every page are shown in it; exports and links keep ISO dates (2026-12-07)." />
          <SelectField
            meta={fields.locale}
            label="Dates written as"
            options={LOCALES.map((locale) => ({ value: locale, label: `${LOCALE_LABELS[locale]}: ${formatDate(SAMPLE_DAY, { locale, timeZone: "UTC" })}` }))}
          />
          <TextField meta={fields.currency} label="Currency" help="Three-letter code; USD by default." />
          <div>
            <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
              <input {...getInputProps(fields.blockPaymentsWithoutCompliance, { type: "checkbox" })} key={fields.blockPaymentsWithoutCompliance.key} className="h-4 w-4 rounded border-slate-300" />
              Block vendor payments when insurance is expired or a required lien waiver is missing
            </label>
            <p className="mt-1 text-xs text-slate-500">Set each vendor&apos;s insurance expiry and lien waiver flags on the Vendors page.</p>
          </div>
          <div>
            <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
              <input {...getInputProps(fields.keepPhotoGps, { type: "checkbox" })} key={fields.keepPhotoGps.key} className="h-4 w-4 rounded border-slate-300" />
              Keep the GPS position of field photos
            </label>
            <p className="mt-1 text-xs text-slate-500">Stored with the photo record only; the saved images never carry location data. Off by default.</p>
          </div>
          {canEdit ? <SubmitButton name="intent" value="settings">Save settings</SubmitButton> : null}
        </fieldset>
      </PostForm>
      <h2 className="mt-10 text-lg font-semibold">Logo</h2>
      {settings.hasLogo ? (
        <img src={`/settings/organization/logo?v=${settings.version}`} alt={`${settings.name} logo`} className="mt-3 max-h-24 rounded border border-slate-200 bg-white p-2" />
      ) : (
        <p className="mt-2 text-sm text-slate-600">No logo yet. It appears on printed documents and exports.</p>
      )}
      {actionData && "logoError" in actionData ? <FormErrors errors={[actionData.logoError]} /> : null}
      {canEdit ? (
        <div className="mt-4 flex flex-wrap items-end gap-4">
          <PostForm encType="multipart/form-data" className="flex items-end gap-2">
            <input type="hidden" name="intent" value="logo" />
            <label className="text-sm">
              <span className="block font-medium text-slate-700">PNG, JPEG or WebP, up to 512 KB</span>
              <input type="file" name="logo" accept="image/png,image/jpeg,image/webp" className="mt-1 text-sm" />
            </label>
            <SubmitButton tone="secondary">Upload logo</SubmitButton>
          </PostForm>
          {settings.hasLogo ? (
            <PostForm encType="multipart/form-data">
              <input type="hidden" name="intent" value="remove-logo" />
              <SubmitButton tone="danger">Remove logo</SubmitButton>
            </PostForm>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
