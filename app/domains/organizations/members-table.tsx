import { PostForm } from "~/components/forms";
import { ROLE_LABELS, type Role } from "~/utils/permissions";
import { useCan } from "~/utils/use-viewer";

interface Props {
  members: { id: string; name: string; email: string; role: Role; version: number; isSelf: boolean }[];
  invitations: { id: string; email: string; role: Role; expiresAt: string; expired: boolean; sendCount: number }[];
  roleOptions: { value: string; label: string }[];
}

const cell = "px-3 py-2";

/** Members with role change / removal, then pending invitations with re-send / revoke. */
export function MembersTable({ members, invitations, roleOptions }: Props) {
  const canManage = useCan("members:manage");
  const canManageOwners = useCan("members:manage_owners");
  const canInvite = useCan("members:invite");
  const mayTouch = (role: Role) => canManage && (role !== "owner" || canManageOwners);
  return (
    // Scrolls inside its own box at phone width, never the page (relative: the sr-only header is clipped too).
    <div className="relative mt-6 overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="members-table">
        <thead className="border-b border-slate-200 text-slate-500">
          <tr>
            <th scope="col" className={cell}>Name</th>
            <th scope="col" className={cell}>Email</th>
            <th scope="col" className={cell}>Role</th>
            <th scope="col" className={cell}><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} className="border-b border-slate-100" data-testid="member-row">
              <td className={cell}>{m.name}{m.isSelf ? " (you)" : ""}</td>
              <td className={cell}>{m.email}</td>
              <td className={cell}>
                {mayTouch(m.role) ? (
                  <PostForm className="flex gap-2">
                    <input type="hidden" name="membershipId" value={m.id} />
                    <input type="hidden" name="version" value={m.version} />
                    <select name="role" defaultValue={m.role} aria-label={`Role of ${m.name}`} className="rounded border border-slate-300 px-2 py-1">
                      {roleOptions.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                    </select>
                    <button type="submit" name="intent" value="change-role" className="text-brand-600 underline">Change</button>
                  </PostForm>
                ) : (
                  ROLE_LABELS[m.role]
                )}
              </td>
              <td className={`${cell} text-right`}>
                {mayTouch(m.role) && !m.isSelf ? (
                  <PostForm>
                    <input type="hidden" name="membershipId" value={m.id} />
                    <button type="submit" name="intent" value="remove" className="text-red-700 underline">Remove</button>
                  </PostForm>
                ) : null}
              </td>
            </tr>
          ))}
          {invitations.map((i) => (
            <tr key={i.id} className="border-b border-slate-100 text-slate-600" data-testid="invitation-row">
              <td className={cell}><em>{i.expired ? "Invitation expired" : "Invited"}</em></td>
              <td className={cell}>{i.email}</td>
              <td className={cell}>{ROLE_LABELS[i.role]}</td>
              <td className={`${cell} text-right`}>
                {canInvite ? (
                  <PostForm className="inline-flex gap-3">
                    <input type="hidden" name="invitationId" value={i.id} />
                    <button type="submit" name="intent" value="resend" className="text-brand-600 underline">Re-send</button>
                    <button type="submit" name="intent" value="revoke" className="text-red-700 underline">Revoke</button>
                  </PostForm>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
