import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data } from "react-router";
import { useLoaderData } from "react-router";
import { z } from "zod";
import { PostForm, SubmitButton } from "~/components/forms";
import { requireUser } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withSystem } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { requestInfo } from "~/utils/request-info.server";
import { recordAuthEvent } from "../auth-events.server";
import { describeDevice } from "../device";
import { listLiveSessions, revokeOtherSessions, revokeSession } from "../sessions.server";

export const meta: MetaFunction = () => [{ title: "Your sessions · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const identity = await requireUser(request);
  const sessions = await withSystem((tx) => listLiveSessions(tx, identity.user.id));
  return {
    sessions: sessions.map((s) => ({
      id: s.id,
      device: describeDevice(s.userAgent),
      ip: s.ip ?? "unknown",
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      current: s.id === identity.sessionId,
    })),
  };
}

const input = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("revoke"), sessionId: z.uuid() }),
  z.object({ intent: z.literal("revoke-others") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const identity = await requireUser(request);
  const parsed = input.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "Unknown action." }, { status: 400 });
  const who = { userId: identity.user.id, email: identity.user.email, ...requestInfo(request) };
  const count = await withSystem(async (tx) => {
    const n =
      parsed.data.intent === "revoke"
        ? Number(await revokeSession(tx, identity.user.id, parsed.data.sessionId, "revoked_by_user"))
        : await revokeOtherSessions(tx, identity.user.id, identity.sessionId, "revoked_by_user");
    if (n > 0) await recordAuthEvent(tx, "session_revoked", who);
    return n;
  });
  const signedOutHere = parsed.data.intent === "revoke" && parsed.data.sessionId === identity.sessionId;
  return redirectWithFlash(signedOutHere ? "/login" : "/settings/sessions", {
    kind: count > 0 ? "success" : "info",
    message: count > 0 ? `Signed out ${count} session${count === 1 ? "" : "s"}.` : "That session had already ended.",
  });
}

const formatTime = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>();
  return (
    <section className="max-w-4xl">
      <h1 className="text-2xl font-semibold">Your sessions</h1>
      <p className="mt-2 text-sm text-slate-600">Every browser signed in to your account. Sign out any you do not recognise.</p>
      <table className="mt-6 w-full text-left text-sm" data-testid="sessions-table">
        <thead className="border-b border-slate-200 text-slate-500">
          <tr>
            <th scope="col" className="py-2">Device</th>
            <th scope="col">IP address</th>
            <th scope="col">Signed in</th>
            <th scope="col">Last seen</th>
            <th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id} className="border-b border-slate-100">
              <td className="py-2">
                {s.device} {s.current ? <span className="ml-2 rounded bg-green-100 px-2 py-0.5 text-xs text-green-800">This browser</span> : null}
              </td>
              <td>{s.ip}</td>
              <td>{formatTime(s.createdAt)}</td>
              <td>{formatTime(s.lastSeenAt)}</td>
              <td className="text-right">
                <PostForm>
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button type="submit" className="text-red-700 underline">{s.current ? "Sign out" : "Revoke"}</button>
                </PostForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {sessions.length > 1 ? (
        <PostForm className="mt-6">
          <input type="hidden" name="intent" value="revoke-others" />
          <SubmitButton tone="danger">Sign out all other sessions</SubmitButton>
        </PostForm>
      ) : null}
    </section>
  );
}
