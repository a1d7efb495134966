import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData } from "react-router";
import { useZodForm } from "~/components/use-zod-form";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { requestInfo } from "~/utils/request-info.server";
import { readSessionToken } from "~/utils/session.server";
import { changePasswordSchema } from "../identity.schema";
import { changePassword } from "../passwords.server";

export const meta: MetaFunction = () => [{ title: "Change password · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

const SECRET_FIELDS = ["currentPassword", "password", "confirm"];

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const identity = await requireUser(request);
  const submission = parseForm(form, changePasswordSchema);
  if (submission.status !== "success") return invalid(submission, { hideFields: SECRET_FIELDS });
  const result = await changePassword(
    { email: identity.user.email, sessionToken: (await readSessionToken(request))!, currentPassword: submission.value.currentPassword, password: submission.value.password },
    requestInfo(request),
  );
  if (!result.ok) return invalid(submission, { fieldErrors: { currentPassword: ["That is not your current password."] }, hideFields: SECRET_FIELDS });
  const others = result.revokedSessions ? ` ${result.revokedSessions} other session(s) were signed out.` : "";
  return redirectWithFlash("/settings/sessions", { kind: "success", message: `Password changed.${others}` });
}

export default function ChangePassword() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(changePasswordSchema, { lastResult });
  return (
    <section className="max-w-md">
      <h1 className="text-2xl font-semibold">Change password</h1>
      <p className="mt-2 text-sm text-slate-600">Changing it signs out every other session.</p>
      <PostForm {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors errors={form.errors} />
        <TextField meta={fields.currentPassword} label="Current password" type="password" autoComplete="current-password" />
        <TextField meta={fields.password} label="New password" type="password" autoComplete="new-password" help="At least 10 characters." />
        <TextField meta={fields.confirm} label="Repeat the new password" type="password" autoComplete="new-password" />
        <SubmitButton>Change password</SubmitButton>
      </PostForm>
    </section>
  );
}
