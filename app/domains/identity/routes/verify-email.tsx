import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { redirect } from "react-router";
import { Link, useLoaderData } from "react-router";
import { z } from "zod";
import { getIdentity, requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withSystem } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { requestInfo } from "~/utils/request-info.server";
import { verifyEmail } from "../passwords.server";
import { sendVerification } from "../signup.server";

export const meta: MetaFunction = () => [{ title: "Confirm your email · SECG ERP" }];

const tokenParam = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/**
 * A valid token verifies and redirects (so the next page, banner included, sees the verified user
 * and the token leaves the address bar): to `?confirmed` when signed in, else to sign-in.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const token = tokenParam.safeParse(url.searchParams.get("token"));
  const identity = await getIdentity(request);
  if (token.success && (await verifyEmail(token.data, requestInfo(request)))) {
    if (identity) throw redirect("/verify-email?confirmed", { status: 303 });
    throw await redirectWithFlash("/login", { kind: "success", message: "Email address confirmed. Sign in to continue." });
  }
  return { verified: url.searchParams.has("confirmed") && Boolean(identity?.user.emailVerified) };
}

/** Sends a fresh link to the signed-in, still unverified user (the banner's button). */
export async function action({ request }: ActionFunctionArgs) {
  await readForm(request);
  const identity = await requireUser(request);
  if (identity.user.emailVerified) return redirectWithFlash("/", { kind: "info", message: "Your email address is already confirmed." });
  await withSystem((tx) => sendVerification(tx, { id: identity.user.id, email: identity.user.email, name: identity.user.name }));
  return redirectWithFlash("/", { kind: "success", message: `We sent a new confirmation link to ${identity.user.email}.` });
}

export default function VerifyEmail() {
  const { verified } = useLoaderData<typeof loader>();
  return (
    <section className="mx-auto max-w-md text-center" data-testid="verify-email-result">
      <h1 className="text-2xl font-semibold">{verified ? "Email address confirmed" : "This link does not work"}</h1>
      <p className="mt-3 text-slate-600">
        {verified
          ? "Thank you. You can now invite your team."
          : "The link is invalid, was already used, or has expired. Sign in and ask for a new one from the banner."}
      </p>
      <p className="mt-6">
        <Link to="/" className="text-brand-600 underline">
          Continue
        </Link>
      </p>
    </section>
  );
}
