import { Link } from "react-router";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { useCan } from "~/utils/use-viewer";
import type { PayAppIntent } from "./pay-app-forms";

type Transition = { intent: Extract<PayAppIntent, "submit" | "return-to-draft" | "certify">; label: string; tone: "primary" | "secondary" };

const NEXT: Record<string, Transition[]> = {
  draft: [{ intent: "submit", label: "Submit to the owner", tone: "primary" }],
  submitted: [
    { intent: "certify", label: "Certify", tone: "primary" },
    { intent: "return-to-draft", label: "Return to draft", tone: "secondary" },
  ],
};

/** The moves the user may make from here, each a plain form carrying the version the page was read at. */
export function PayAppTransitions({ status, version, errors }: { status: string; version: number; errors?: string[] }) {
  const canManage = useCan("receivables:manage");
  const canCertify = useCan("receivables:certify");
  const allowed = (NEXT[status] ?? []).filter((t) => (t.intent === "certify" ? canCertify : canManage));
  if (allowed.length === 0 && !errors) return null;
  return (
    <div className="space-y-2">
      <FormErrors errors={errors} />
      <div className="flex flex-wrap gap-3">
        {allowed.map((t) => (
          <PostForm key={t.intent}>
            <input type="hidden" name="version" value={version} />
            <SubmitButton name="intent" value={t.intent} tone={t.tone}>
              {t.label}
            </SubmitButton>
          </PostForm>
        ))}
      </div>
      {status === "submitted" ? <p className="text-sm text-slate-600">Certifying freezes the application: its figures can no longer change.</p> : null}
    </div>
  );
}

const linkClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";

/** The printable documents, and the way to a retainage release when one can be made. */
export function PayAppLinks({ payAppId, releaseBlocker }: { payAppId: string; releaseBlocker: string | null }) {
  const canCertify = useCan("receivables:certify");
  const base = `/pay-apps/${payAppId}`;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <a href={`${base}/g702.pdf`} className={linkClass} download>
        Summary and continuation sheet (PDF)
      </a>
      <a href={`${base}/g702.xlsx`} className={linkClass} download>
        Same as Excel (.xlsx)
      </a>
      {canCertify && releaseBlocker === null ? (
        <Link to={`${base}/release-retainage`} className={linkClass}>
          Release retainage…
        </Link>
      ) : null}
    </div>
  );
}
