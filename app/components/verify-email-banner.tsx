import { PostForm } from "./forms";

export function VerifyEmailBanner({ email }: { email: string }) {
  return (
    <div className="border-b border-amber-200 bg-amber-50" data-testid="verify-email-banner">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-2 text-sm text-amber-900">
        <span>
          Confirm your email address: we sent a link to <strong>{email}</strong>. Until then you cannot invite others.
        </span>
        <PostForm action="/verify-email">
          <input type="hidden" name="intent" value="resend" />
          <button type="submit" className="underline">
            Send the link again
          </button>
        </PostForm>
      </div>
    </div>
  );
}
