import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, redirect } from "react-router";
import { Link, useActionData, useLoaderData, useSearchParams } from "react-router";
import { PlainHttpHint } from "~/components/plain-http-hint";
import { useZodForm } from "~/components/use-zod-form";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { getIdentity, safeRedirectPath } from "~/utils/auth.server";
import { authenticator, LoginRefused } from "~/utils/authenticator.server";
import { readForm } from "~/utils/csrf.server";
import { signupOpen } from "~/utils/env.server";
import { PLAIN_HTTP_REFUSAL, plainHttpProblem } from "~/utils/plain-http.server";
import { setSessionCookie } from "~/utils/session.server";
import { loginSchema } from "../identity.schema";

export const meta: MetaFunction = () => [{ title: "Sign in · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getIdentity(request)) throw redirect("/");
  return { plainHttp: plainHttpProblem(request), signupOpen: signupOpen() };
}

export async function action({ request }: ActionFunctionArgs) {
  // remix-auth reads the body itself: check CSRF on a clone (STACK.md trap 12).
  const form = await readForm(request.clone()).catch((refusal: unknown) => {
    // Plain HTTP from another machine with Secure cookies: the page explains instead of a bare 403.
    if (refusal instanceof Response && refusal.status === 403 && plainHttpProblem(request)) return null;
    throw refusal;
  });
  if (!form) return data({ status: "error" as const, initialValue: {}, error: { "": [PLAIN_HTTP_REFUSAL] } }, { status: 400 });
  const redirectTo = safeRedirectPath(form.get("redirectTo"));
  const email = String(form.get("email") ?? "").slice(0, 254);
  try {
    const signedIn = await authenticator.authenticate("form", request);
    return redirect(redirectTo, { status: 303, headers: { "Set-Cookie": await setSessionCookie(signedIn.token) } });
  } catch (error) {
    if (!(error instanceof LoginRefused)) throw error;
    return data(
      { status: "error" as const, initialValue: { email, redirectTo }, error: { "": [error.message], ...error.fieldErrors } },
      { status: error.status },
    );
  }
}

export default function Login() {
  const lastResult = useActionData<typeof action>();
  const { plainHttp, signupOpen } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const [form, fields] = useZodForm(loginSchema, { lastResult });
  return (
    <section className="mx-auto max-w-md">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      {plainHttp ? <PlainHttpHint origin={plainHttp.origin} /> : null}
      <PostForm {...getFormProps(form)} className="mt-6 space-y-4">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <TextField meta={fields.email} label="Email" type="email" autoComplete="username" />
        <TextField meta={fields.password} label="Password" type="password" autoComplete="current-password" />
        <SubmitButton>Sign in</SubmitButton>
      </PostForm>
      <p className="mt-6 flex justify-between text-sm text-slate-600">
        <Link to="/forgot-password" className="text-brand-600 underline">
          Forgot your password?
        </Link>
        {signupOpen ? (
          <Link to="/signup" className="text-brand-600 underline">
            Create an account
          </Link>
        ) : null}
      </p>
    </section>
  );
}
