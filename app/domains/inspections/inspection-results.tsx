import { Link } from "react-router";
import { statusLabel } from "~/utils/data-table";
import { formatDate } from "~/utils/org-format";
import { useOrgFormat } from "~/utils/org-format-context";
import { useCan } from "~/utils/use-viewer";
import { RESULT_LABELS } from "./inspection-labels";
import type { InspectionChecklist } from "./inspection-answers.server";
import type { InspectionPage } from "./inspection-page.server";

type Answer = NonNullable<InspectionChecklist[number]["items"][number]["answer"]>;
type NcrLink = { id: string; label: string; href: string; status: string };

const RESULT_BADGES = { pass: "bg-green-100 text-green-900", fail: "bg-red-100 text-red-900", na: "bg-slate-100 text-slate-800" } as const;

/**
 * Under an answer: the punch item or observation its failure raised (kept, and still linked, when
 * the answer later became Pass or N/A), its NCRs, and for a Fail the link to raise an NCR.
 */
export function RaisedLinks({ answer, ncrs, projectId }: { answer: Answer; ncrs?: NcrLink[]; projectId: string }) {
  const canRun = useCan("inspections:run");
  const raised = answer.raised;
  return (
    <div className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {raised ? (
        <span data-testid="raised-link">
          {answer.result === "fail" ? "Raised " : "Raised by an earlier Fail (still linked): "}
          <Link to={raised.href} className="font-medium text-brand-700 hover:underline">
            {raised.kind === "punch_item" ? "punch item" : "observation"} {raised.label}
          </Link>{" "}
          <span className="text-slate-500">({statusLabel(raised.status)})</span>
        </span>
      ) : null}
      {(ncrs ?? []).map((n) => (
        <Link key={n.id} to={n.href} className="text-brand-700 hover:underline">
          {n.label} ({statusLabel(n.status)})
        </Link>
      ))}
      {answer.result === "fail" && canRun ? (
        <Link to={`/projects/${projectId}/ncrs?answer=${answer.id}#new-ncr`} className="text-brand-700 hover:underline">
          Raise an NCR
        </Link>
      ) : null}
    </div>
  );
}

/** A completed inspection (or one read by a member who cannot run it): every item with its result and note, and the signature. */
export function InspectionResults({ page }: { page: InspectionPage }) {
  const { inspection, sections, ncrs } = page;
  const format = useOrgFormat();
  return (
    <div className="space-y-4" data-testid="inspection-results">
      {sections.map((section) => (
        <section key={section.id} className="rounded border border-slate-200 bg-white p-3 sm:p-4">
          <h2 className="text-lg font-semibold">{section.title}</h2>
          <ul className="mt-2 divide-y divide-slate-100">
            {section.items.map((item) => (
              <li key={item.id} className="py-2">
                <div className="flex items-start justify-between gap-3">
                  <span>{item.prompt}</span>
                  <span className={`shrink-0 rounded px-2 py-0.5 text-sm font-medium ${item.answer ? RESULT_BADGES[item.answer.result] : "text-slate-500"}`}>
                    {item.answer ? RESULT_LABELS[item.answer.result] : "Not answered"}
                  </span>
                </div>
                {item.answer?.note ? <p className="mt-1 text-sm text-slate-700">{item.answer.note}</p> : null}
                {item.answer ? <RaisedLinks answer={item.answer} ncrs={ncrs[item.answer.id]} projectId={inspection.projectId} /> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section className="rounded border border-slate-300 bg-slate-50 p-3 text-sm sm:p-4" data-testid="signature">
        <h2 className="text-lg font-semibold">Signature</h2>
        {inspection.status === "completed" ? (
          <p className="mt-1">
            Signed by <strong>{inspection.signedName}</strong> on {formatDate(inspection.signedAt ?? "", format)}. The inspection is locked.
          </p>
        ) : (
          <p className="mt-1 text-slate-600">Not signed yet.</p>
        )}
      </section>
    </div>
  );
}
