import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { useZodForm } from "~/components/use-zod-form";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { forbidden, requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { can, ROLE_LABELS, ROLES } from "~/utils/permissions";
import { useCan, useViewer } from "~/utils/use-viewer";
import { InvitationRefused, inviteMember, listOpenInvitations, resendInvitation, revokeInvitation } from "../invitations.server";
import { changeMemberRole, listMembers, MemberChangeRefused, removeMember } from "../members.server";
import { inviteSchema, memberRoleSchema } from "../organizations.schema";
import { MembersTable } from "../members-table";

export const meta: MetaFunction = () => [{ title: "Members · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "members:read");
  const [members, invitations] = await withTenant(member.tenant, (tx) => Promise.all([listMembers(tx), listOpenInvitations(tx)]));
  return {
    members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString(), isSelf: m.userId === member.user.id })),
    invitations: invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString(), lastSentAt: i.lastSentAt.toISOString() })),
  };
}

const rowAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("resend"), invitationId: z.uuid() }),
  z.object({ intent: z.literal("revoke"), invitationId: z.uuid() }),
  z.object({ intent: z.literal("remove"), membershipId: z.uuid() }),
]);

const refused = (message: string, status = 400) => data({ rowError: message }, { status });

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = form.get("intent");
  const member = await requireMember(request, intent === "invite" || intent === "resend" || intent === "revoke" ? "members:invite" : "members:manage");
  const actor = { id: member.user.id, name: member.user.name, role: member.active.role };
  try {
    if (intent === "invite") {
      const submission = parseForm(form, inviteSchema);
      if (submission.status !== "success") return invalid(submission);
      if (!member.user.emailVerified) return invalid(submission, { formErrors: ["Confirm your email address before inviting others."] }, 403);
      try {
        await withTenant(member.tenant, (tx) => inviteMember(tx, { ...submission.value, actor }));
      } catch (error) {
        if (error instanceof InvitationRefused) return invalid(submission, { fieldErrors: { email: [error.message] } });
        throw error;
      }
      return redirectWithFlash("/settings/members", { kind: "success", message: `Invitation sent to ${submission.value.email}.` });
    }
    if (intent === "change-role") {
      const parsed = memberRoleSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) return refused("Choose a valid role.");
      if (!can(actor.role, "members:manage")) throw forbidden();
      await withTenant(member.tenant, (tx) => changeMemberRole(tx, { ...parsed.data, actorRole: actor.role }));
      return redirectWithFlash("/settings/members", { kind: "success", message: `Role changed to ${ROLE_LABELS[parsed.data.role]}.` });
    }
    const parsed = rowAction.safeParse(Object.fromEntries(form));
    if (!parsed.success) return refused("Unknown action.");
    if (parsed.data.intent === "resend" && !member.user.emailVerified) return refused("Confirm your email address before inviting others.", 403);
    const done = await withTenant(member.tenant, async (tx) => {
      if (parsed.data.intent === "resend") return resendInvitation(tx, { id: parsed.data.invitationId, actor }).then(() => "Invitation sent again.");
      if (parsed.data.intent === "revoke") return revokeInvitation(tx, parsed.data.invitationId).then(() => "Invitation revoked.");
      return removeMember(tx, { membershipId: parsed.data.membershipId, actorRole: actor.role }).then(() => "Member removed.");
    });
    return redirectWithFlash("/settings/members", { kind: "success", message: done });
  } catch (error) {
    if (error instanceof MemberChangeRefused || error instanceof InvitationRefused) return refused(error.message, 409);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function Members() {
  const { members, invitations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const viewer = useViewer();
  const canInvite = useCan("members:invite");
  const canManageOwners = useCan("members:manage_owners");
  const lastResult = actionData && !("rowError" in actionData) ? actionData : undefined;
  const [form, fields] = useZodForm(inviteSchema, { lastResult, defaultValue: { role: "viewer" } });
  const roleOptions = ROLES.filter((r) => r !== "owner" || canManageOwners).map((r) => ({ value: r, label: ROLE_LABELS[r] }));
  return (
    <section className="max-w-5xl space-y-10">
      <div>
        <h1 className="text-2xl font-semibold">Members of {viewer?.active?.name}</h1>
        {actionData && "rowError" in actionData ? <div className="mt-4"><FormErrors errors={[actionData.rowError]} /></div> : null}
        <MembersTable members={members} invitations={invitations} roleOptions={roleOptions} />
      </div>
      {canInvite ? (
        <div className="max-w-md">
          <h2 className="text-lg font-semibold">Invite someone</h2>
          {viewer?.emailVerified ? null : <p className="mt-2 text-sm text-amber-800">Confirm your email address before inviting others.</p>}
          <PostForm {...getFormProps(form)} className="mt-4 space-y-4">
            <FormErrors errors={form.errors} />
            <TextField meta={fields.email} label="Email" type="email" autoComplete="off" />
            <SelectField meta={fields.role} label="Role" options={roleOptions} />
            <SubmitButton name="intent" value="invite">Send invitation</SubmitButton>
          </PostForm>
        </div>
      ) : null}
    </section>
  );
}
