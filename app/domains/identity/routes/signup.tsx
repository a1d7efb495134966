import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, redirect } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { PlainHttpHint } from "~/components/plain-http-hint";
import { useZodForm } from "~/components/use-zod-form";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { getIdentity } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withSystem } from "~/utils/db.server";
import { signupOpen } from "~/utils/env.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { PLAIN_HTTP_REFUSAL, plainHttpProblem } from "~/utils/plain-http.server";
import { requestInfo } from "~/utils/request-info.server";
import { signupSchema } from "../identity.schema";
import { signUp } from "../signup.server";
import { anyUserExists } from "../users.server";

export const meta: MetaFunction = () => [{ title: "Create your account · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getIdentity(request)) throw redirect("/");
  return { open: await mayCreateAccount(), plainHttp: plainHttpProblem(request) };
}

/**
 * SIGNUP=invite-only: no public sign-up (invitation links still create accounts: /invite/:token),
 * except the very first account of a fresh installation, whose owner has nobody to invite them.
 */
const mayCreateAccount = async () => signupOpen() || !(await withSystem(anyUserExists));
const CLOSED = "Sign-up is by invitation only on this server. Ask an administrator of your organization to invite you.";

export async function action({ request }: ActionFunctionArgs) {
  if (!(await mayCreateAccount())) return data({ status: "error" as const, initialValue: {}, error: { "": [CLOSED] } }, { status: 403 });
  const form = await readForm(request).catch((refusal: unknown) => {
    if (refusal instanceof Response && refusal.status === 403 && plainHttpProblem(request)) return null;
    throw refusal;
  });
  if (!form) return data({ status: "error" as const, initialValue: {}, error: { "": [PLAIN_HTTP_REFUSAL] } }, { status: 400 });
  const submission = parseForm(form, signupSchema);
  if (submission.status !== "success") return invalid(submission, { hideFields: ["password"] });
  // The same reply whether or not the address already has an account (its owner is mailed instead).
  await signUp(submission.value, requestInfo(request));
  return redirectWithFlash("/login", {
    kind: "success",
    message: `We sent a message to ${submission.value.email}. Confirm your address with its link, then sign in with your password.`,
  });
}

export default function Signup() {
  const lastResult = useActionData<typeof action>();
  const { open, plainHttp } = useLoaderData<typeof loader>();
  const [form, fields] = useZodForm(signupSchema, { lastResult });
  if (!open)
    return (
      <section className="mx-auto max-w-md">
        <h1 className="text-2xl font-semibold">Sign-up is by invitation</h1>
        <p className="mt-4 text-sm text-slate-700" data-testid="signup-closed">
          {CLOSED} The invitation email holds a link that creates your account.
        </p>
        <p className="mt-6 text-sm text-slate-600">
          Already have an account?{" "}
          <Link to="/login" className="text-brand-600 underline">
            Sign in
          </Link>
        </p>
      </section>
    );
  return (
    <section className="mx-auto max-w-md">
      <h1 className="text-2xl font-semibold">Create your account</h1>
      {plainHttp ? <PlainHttpHint origin={plainHttp.origin} /> : null}
      <p className="mt-2 text-sm text-slate-600">You become the owner of a new organization and can invite your team.</p>
      <PostForm {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors errors={form.errors} />
        <TextField meta={fields.name} label="Your name" autoComplete="name" />
        <TextField meta={fields.email} label="Work email" type="email" autoComplete="email" />
        <TextField meta={fields.password} label="Password" type="password" autoComplete="new-password" help="At least 10 characters." />
        <TextField meta={fields.organizationName} label="Company name" autoComplete="organization" />
        <SubmitButton>Create account</SubmitButton>
      </PostForm>
      <p className="mt-6 text-sm text-slate-600">
        Already have an account?{" "}
        <Link to="/login" className="text-brand-600 underline">
          Sign in
        </Link>
      </p>
    </section>
  );
}
