import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { useZodForm } from "~/components/use-zod-form";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { readForm } from "~/utils/csrf.server";
import { withSystem } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { requestInfo } from "~/utils/request-info.server";
import { clearSessionCookie } from "~/utils/session.server";
import { resetPasswordSchema } from "../identity.schema";
import { resetPassword } from "../passwords.server";
import { peekUserToken } from "../tokens.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · SECG ERP" }];

const EXPIRED = "This reset link is invalid, was already used, or has expired. Ask for a new one.";

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const usable = /^[A-Za-z0-9_-]{43}$/.test(token) && (await withSystem((tx) => peekUserToken(tx, "reset_password", token))) !== null;
  return { token: usable ? token : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await readForm(request), resetPasswordSchema);
  if (submission.status !== "success") return invalid(submission, { hideFields: ["password", "confirm"] });
  const done = await resetPassword(submission.value.token, submission.value.password, requestInfo(request));
  if (!done) return invalid(submission, { formErrors: [EXPIRED], hideFields: ["password", "confirm"] });
  return redirectWithFlash("/login", { kind: "success", message: "Your password was changed. Sign in with the new one." }, [
    await clearSessionCookie(),
  ]);
}

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(resetPasswordSchema, { lastResult });
  if (!token)
    return (
      <section className="mx-auto max-w-md">
        <h1 className="text-2xl font-semibold">Reset link not valid</h1>
        <p className="mt-3 text-slate-600">{EXPIRED}</p>
        <p className="mt-6">
          <Link to="/forgot-password" className="text-brand-600 underline">
            Send a new link
          </Link>
        </p>
      </section>
    );
  return (
    <section className="mx-auto max-w-md">
      <h1 className="text-2xl font-semibold">Choose a new password</h1>
      <PostForm {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="token" value={token} />
        <TextField meta={fields.password} label="New password" type="password" autoComplete="new-password" help="At least 10 characters." />
        <TextField meta={fields.confirm} label="Repeat the new password" type="password" autoComplete="new-password" />
        <SubmitButton>Change password</SubmitButton>
      </PostForm>
    </section>
  );
}
