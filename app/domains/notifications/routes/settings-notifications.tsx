import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { PostForm, SubmitButton } from "~/components/forms";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { CHANNEL_LABELS, NOTIFICATION_CHANNELS } from "../events";
import { listPreferences, savePreferences } from "../inbox.server";
import { DIGEST_HOUR } from "../daily.server";
import { preferencesSchema } from "../notifications.schema";

export const meta: MetaFunction = () => [{ title: "Notification preferences · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "organization:read");
  const preferences = await withTenant(member.tenant, (tx) => listPreferences(tx, member.user.id));
  return { preferences, digestHour: DIGEST_HOUR, timeZone: member.active.timeZone };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "organization:read");
  const parsed = preferencesSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ errors: z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined> }, { status: 400 });
  await withTenant(member.tenant, (tx) => savePreferences(tx, member.user.id, parsed.data));
  return redirectWithFlash("/settings/notifications", { kind: "success", message: "Notification preferences saved." });
}

export default function NotificationPreferences() {
  const { preferences, digestHour, timeZone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : {};
  return (
    <section className="max-w-4xl">
      <h1 className="text-2xl font-semibold">Notification preferences</h1>
      <p className="mt-2 text-sm text-slate-600">
        For each event: in the app only, an email at once, or the daily digest (one email after {String(digestHour).padStart(2, "0")}:00 {timeZone}, with what
        waits on you), or off. Everything but “off” also appears in your inbox. You are only told about records you may see.
      </p>
      <PostForm className="mt-6">
        <table className="w-full text-left text-sm">
          <thead className="border-b border-slate-200 text-slate-500">
            <tr>
              <th scope="col" className="py-2">Event</th>
              {NOTIFICATION_CHANNELS.map((c) => (
                <th key={c} scope="col" className="px-2 text-center">{CHANNEL_LABELS[c]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preferences.map((p) => (
              <tr key={p.kind} className="border-b border-slate-100">
                <th scope="row" className="py-2 pr-4 font-normal">
                  {p.label}
                  {errors[p.kind] ? <span className="block text-red-700">{errors[p.kind]?.[0]}</span> : null}
                </th>
                {NOTIFICATION_CHANNELS.map((c) => (
                  <td key={c} className="px-2 text-center">
                    <input type="radio" name={p.kind} value={c} defaultChecked={p.channel === c} aria-label={`${p.label}: ${CHANNEL_LABELS[c]}`} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <div className="mt-4">
          <SubmitButton>Save preferences</SubmitButton>
        </div>
      </PostForm>
    </section>
  );
}
