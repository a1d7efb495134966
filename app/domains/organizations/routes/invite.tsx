import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data } from "react-router";
import { Link, useActionData, useLoaderData, useLocation } from "react-router";
import { useZodForm } from "~/components/use-zod-form";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { newAccountFromInviteSchema } from "~/domains/identity/identity.schema";
import { signUpFromInvitation } from "~/domains/identity/invited-signup.server";
import { setActiveOrganization } from "~/domains/identity/sessions.server";
import { getIdentity } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withSystem } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { ROLE_LABELS } from "~/utils/permissions";
import { requestInfo } from "~/utils/request-info.server";
import { setSessionCookie } from "~/utils/session.server";
import { acceptInvitation, findInvitationByToken, InvitationRefused } from "../invitations.server";

export const meta: MetaFunction = () => [{ title: "Invitation · SECG ERP" }];

async function openInvitationOr404(token: string | undefined) {
  const invitation = token ? await findInvitationByToken(token) : null;
  if (!invitation) throw new Response("This invitation link is not valid.", { status: 404 });
  return invitation;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await openInvitationOr404(params.token);
  const identity = await getIdentity(request);
  return {
    invitation: { organizationName: invitation.organizationName, email: invitation.email, role: ROLE_LABELS[invitation.role], state: invitation.state },
    signedInAs: identity?.user.email ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const invitation = await openInvitationOr404(params.token);
  const form = await readForm(request);
  const welcome = { kind: "success" as const, message: `Welcome to ${invitation.organizationName}.` };
  if (invitation.state !== "open") return data({ status: "error" as const, error: { "": ["This invitation is no longer open."] } }, { status: 410 });
  const identity = await getIdentity(request);
  try {
    if (identity) {
      await acceptInvitation(invitation, identity.user);
      await withSystem((tx) => setActiveOrganization(tx, identity.sessionId, invitation.organizationId));
      return redirectWithFlash("/", welcome);
    }
    const submission = parseForm(form, newAccountFromInviteSchema);
    if (submission.status !== "success") return invalid(submission, { hideFields: ["password"] });
    const result = await signUpFromInvitation(invitation, submission.value, requestInfo(request));
    if (!result.ok) return invalid(submission, { formErrors: [`${result.error}`], hideFields: ["password"] });
    return redirectWithFlash("/", welcome, [await setSessionCookie(result.token)]);
  } catch (error) {
    if (error instanceof InvitationRefused) return data({ status: "error" as const, error: { "": [error.message] } }, { status: 409 });
    throw error;
  }
}

export default function Invite() {
  const { invitation, signedInAs } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(newAccountFromInviteSchema, { lastResult });
  const here = useLocation().pathname;
  return (
    <section className="mx-auto max-w-md">
      <h1 className="text-2xl font-semibold">Join {invitation.organizationName}</h1>
      <p className="mt-2 text-slate-600">
        Invitation for <strong>{invitation.email}</strong> as {invitation.role}.
      </p>
      {invitation.state !== "open" ? (
        <p className="mt-6 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          This invitation has {invitation.state === "expired" ? "expired" : `been ${invitation.state}`}. Ask for a new one.
        </p>
      ) : signedInAs ? (
        <PostForm {...getFormProps(form)} className="mt-6 space-y-4">
          <FormErrors errors={form.errors} />
          <p className="text-sm text-slate-600">Signed in as {signedInAs}.</p>
          <SubmitButton name="intent" value="accept">Accept invitation</SubmitButton>
        </PostForm>
      ) : (
        <>
          <PostForm {...getFormProps(form)} className="mt-6 space-y-4">
            <FormErrors errors={form.errors} />
            <TextField meta={fields.name} label="Your name" autoComplete="name" />
            <TextField meta={fields.password} label="Choose a password" type="password" autoComplete="new-password" help="At least 10 characters." />
            <SubmitButton name="intent" value="create-account">Create account and join</SubmitButton>
          </PostForm>
          <p className="mt-6 text-sm text-slate-600">
            Already have an account?{" "}
            <Link to={`/login?redirectTo=${encodeURIComponent(here)}`} className="text-brand-600 underline" reloadDocument>
              Sign in first
            </Link>
          </p>
        </>
      )}
    </section>
  );
}
