import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, inputClass, PostForm, SelectField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { useCan } from "~/utils/use-viewer";
import { addTeamMemberSchema, PROJECT_TEAM_ROLE_LABELS, PROJECT_TEAM_ROLES, type ProjectTeamRole } from "./project-team.schema";

type TeamMember = { id: string; name: string; email: string; role: ProjectTeamRole; addedAt: string };

const roleOptions = PROJECT_TEAM_ROLES.map((r) => ({ value: r, label: PROJECT_TEAM_ROLE_LABELS[r] }));
const button = "min-h-11 rounded-md px-4 py-2 text-sm font-medium";

/** The team as cards (one column on a phone); with `projects:update` each has its role and removal forms. */
export function TeamList({ team }: { team: TeamMember[] }) {
  const canEdit = useCan("projects:update");
  if (team.length === 0) return <p className="rounded border border-dashed border-slate-300 p-4 text-sm text-slate-600">Nobody is on the team yet.</p>;
  return (
    <ul className="grid grid-cols-1 gap-3 md:grid-cols-2 xl:grid-cols-3" data-testid="team-list">
      {team.map((m) => (
        <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-4" data-testid="team-member">
          <p className="font-medium break-words">{m.name || m.email}</p>
          <p className="text-sm break-all text-slate-500">{m.email}</p>
          {canEdit ? (
            <div className="mt-3 flex flex-wrap items-end gap-2">
              <PostForm className="flex min-w-0 flex-1 items-end gap-2">
                <input type="hidden" name="teamMemberId" value={m.id} />
                <label className="min-w-0 flex-1 text-sm text-slate-700">
                  Role
                  <select name="role" defaultValue={m.role} className={`${inputClass} min-h-11`}>
                    {roleOptions.map((o) => (
                      <option key={o.value} value={o.value}>{o.label}</option>
                    ))}
                  </select>
                </label>
                <button type="submit" name="intent" value="role" className={`${button} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50`}>
                  Change
                </button>
              </PostForm>
              <PostForm>
                <input type="hidden" name="teamMemberId" value={m.id} />
                <button type="submit" name="intent" value="remove" className={`${button} border border-red-300 bg-white text-red-700 hover:bg-red-50`} aria-label={`Remove ${m.name || m.email} from the team`}>
                  Remove
                </button>
              </PostForm>
            </div>
          ) : (
            <p className="mt-2 text-sm text-slate-700">{PROJECT_TEAM_ROLE_LABELS[m.role]}</p>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * Adds a member of the organization to the team. Kept on the device and sent again when the
 * connection drops (the offline outbox: app/components/offline); the submission token makes a
 * resend add once.
 */
export function AddTeamMemberForm({ candidates, lastResult }: { candidates: { userId: string; label: string }[]; lastResult?: SubmissionResult<string[]> }) {
  const canEdit = useCan("projects:update");
  const [form, fields] = useZodForm(addTeamMemberSchema, { lastResult, defaultValue: { role: "foreman" } });
  if (!canEdit) return null;
  if (candidates.length === 0) return <p className="text-sm text-slate-600">Every member of the organization is on the team.</p>;
  return (
    <div className="max-w-md">
      <h2 className="text-lg font-semibold">Add to the team</h2>
      <PostForm {...getFormProps(form)} outbox="Add a team member" className="mt-3 space-y-4" data-testid="team-add-form">
        <FormErrors errors={form.errors} />
        <SelectField meta={fields.userId} label="Member" options={[{ value: "", label: "Choose a member…" }, ...candidates.map((c) => ({ value: c.userId, label: c.label }))]} />
        <SelectField meta={fields.role} label="Role on the project" options={roleOptions} />
        <button type="submit" name="intent" value="add" className={`${button} w-full bg-brand-600 text-white hover:bg-brand-700 sm:w-auto`}>
          Add to team
        </button>
      </PostForm>
    </div>
  );
}
