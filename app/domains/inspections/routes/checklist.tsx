import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { formatDateTime } from "~/utils/org-format";
import { useCan } from "~/utils/use-viewer";
import { ChecklistGrid } from "../checklist-grid";
import { templatePageSchema } from "../checklists.schema";
import { ChecklistRefused, findTemplate, getTemplate, publishDraft, saveDraft, setArchived } from "../checklists.server";
import { CHECKLIST_KIND_LABELS } from "../inspection-labels";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.template.name ?? "Checklist"} · Checklists · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  try {
    return await withTenant(member.tenant, (tx) => getTemplate(tx, params.templateId ?? ""));
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

/** Saves the draft (the whole grid), publishes it, or archives / restores the checklist. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "checklists:manage");
  const templateId = params.templateId ?? "";
  try {
    await withTenant(member.tenant, (tx) => findTemplate(tx, templateId));
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
  const submission = parseForm(form, templatePageSchema);
  if (submission.status !== "success") return invalid(submission);
  const input = submission.value;
  try {
    const message = await withTenant(member.tenant, async (tx) => {
      if (input.intent === "save") {
        const { draft } = await saveDraft(tx, templateId, input);
        return `Draft version ${draft.versionNumber} saved. Publish it when it is ready.`;
      }
      if (input.intent === "publish") {
        const { published } = await publishDraft(tx, templateId, input.version, member.user.id);
        return `Version ${published.versionNumber} published: new inspections run on it.`;
      }
      const after = await setArchived(tx, templateId, input.version, input.archived);
      return after.archived ? "Checklist archived: no new inspection starts from it." : "Checklist restored.";
    });
    return redirectWithFlash(`/checklists/${templateId}`, { kind: "success", message });
  } catch (error) {
    if (error instanceof ChecklistRefused) return invalid(submission, error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }, 409);
    throw error;
  }
}

function Versions() {
  const { versions } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">Version history</h2>
      <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white text-sm" data-testid="checklist-versions">
        {versions.map((v) => (
          <li key={v.id} className="flex flex-wrap justify-between gap-2 p-3">
            <span className="font-medium">Version {v.versionNumber}</span>
            <span className="text-slate-600">
              {v.status === "published" ? `Published ${v.publishedAt ? formatDateTime(new Date(v.publishedAt).toISOString()) : ""}${v.publishedBy ? ` by ${v.publishedBy}` : ""}` : "Draft"} · {v.items}{" "}
              items · {v.inspections} inspections
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function Checklist() {
  const { template, current, content } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const canManage = useCan("checklists:manage");
  const isDraft = current?.status === "draft";
  const posted = (lastResult?.initialValue as { intent?: string } | null | undefined)?.intent;
  return (
    <section className="space-y-6">
      <header>
        <Link to="/checklists" className="text-sm text-brand-700 hover:underline">
          ← Checklists
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">{template.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {CHECKLIST_KIND_LABELS[template.kind]} checklist{template.archived ? " · archived" : ""}
          {current ? ` · showing version ${current.versionNumber} (${isDraft ? "draft" : "published"})` : ""}
          {template.description ? ` · ${template.description}` : ""}
        </p>
      </header>
      {canManage ? (
        <>
          <ChecklistGrid
            template={template}
            content={content}
            lastResult={posted === "save" ? lastResult : undefined}
            savesInto={isDraft ? `Saving edits draft version ${current?.versionNumber}.` : `Version ${current?.versionNumber ?? 1} is published and frozen: saving starts draft version ${(current?.versionNumber ?? 0) + 1}.`}
          />
          <div className="flex flex-wrap gap-3">
            {isDraft ? (
              <PostForm>
                <input type="hidden" name="intent" value="publish" />
                <input type="hidden" name="version" value={template.version} />
                <SubmitButton>Publish version {current?.versionNumber}</SubmitButton>
              </PostForm>
            ) : null}
            <PostForm>
              <input type="hidden" name="intent" value="archive" />
              <input type="hidden" name="version" value={template.version} />
              {template.archived ? null : <input type="hidden" name="archived" value="on" />}
              <SubmitButton tone="secondary">{template.archived ? "Restore checklist" : "Archive checklist"}</SubmitButton>
            </PostForm>
          </div>
          {lastResult && posted !== "save" ? <FormErrors errors={lastResult.error?.[""] ?? undefined} /> : null}
        </>
      ) : (
        <ReadOnlyContent />
      )}
      <Versions />
    </section>
  );
}

function ReadOnlyContent() {
  const { content } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      {content.map((section) => (
        <section key={section.id}>
          <h2 className="font-semibold">{section.title}</h2>
          <ol className="mt-1 list-decimal space-y-1 pl-6 text-sm">
            {section.items.map((item) => (
              <li key={item.id}>
                {item.prompt}
                {item.required ? "" : " (optional)"}
                {item.guidance ? <span className="block text-slate-500">{item.guidance}</span> : null}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
