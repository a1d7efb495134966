import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, MetaFunction } from "react-router";
import { useActionData } from "react-router";
import { useZodForm } from "~/components/use-zod-form";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { readForm } from "~/utils/csrf.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { requestInfo } from "~/utils/request-info.server";
import { forgotPasswordSchema } from "../identity.schema";
import { requestPasswordReset } from "../passwords.server";

export const meta: MetaFunction = () => [{ title: "Reset your password · SECG ERP" }];

const SAME_REPLY = "If an account exists for that address, we sent it a link to choose a new password. It expires in 60 minutes.";

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseForm(await readForm(request), forgotPasswordSchema);
  if (submission.status !== "success") return invalid(submission);
  await requestPasswordReset(submission.value.email, requestInfo(request));
  return { ...submission.reply({ resetForm: true }), sent: true };
}

export default function ForgotPassword() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(forgotPasswordSchema, { lastResult });
  const sent = lastResult && "sent" in lastResult;
  return (
    <section className="mx-auto max-w-md">
      <h1 className="text-2xl font-semibold">Reset your password</h1>
      {sent ? (
        <p className="mt-4 rounded-md border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800" role="status">
          {SAME_REPLY}
        </p>
      ) : null}
      <PostForm {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors errors={form.errors} />
        <TextField meta={fields.email} label="Email" type="email" autoComplete="email" />
        <SubmitButton>Send reset link</SubmitButton>
      </PostForm>
    </section>
  );
}
