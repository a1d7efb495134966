import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, redirect, useLoaderData } from "react-router";
import { z } from "zod";
import { PostForm, SubmitButton } from "~/components/forms";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { formatDateTime } from "~/utils/org-format";
import { useOrgFormat } from "~/utils/org-format-context";
import { NOTIFICATION_EVENTS, type NotificationKind } from "../events";
import { listInbox, markAllRead, markRead, unreadCount } from "../inbox.server";

export const meta: MetaFunction = () => [{ title: "Notifications · SECG ERP" }];

const pageQuery = z.object({ before: z.iso.datetime({ offset: true }).optional(), beforeId: z.uuid().optional() });

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "organization:read");
  const url = new URL(request.url);
  const query = pageQuery.safeParse({ before: url.searchParams.get("before") ?? undefined, beforeId: url.searchParams.get("beforeId") ?? undefined });
  if (!query.success) throw new Response("That page of notifications does not exist: use the links on the page.", { status: 400 });
  const before = query.data.before && query.data.beforeId ? { createdAt: query.data.before, id: query.data.beforeId } : null;
  const { items, more, unread } = await withTenant(member.tenant, async (tx) => ({
    ...(await listInbox(tx, member.user.id, before)),
    unread: await unreadCount(tx, member.user.id),
  }));
  const last = items.at(-1);
  return {
    unread,
    items: items.map((n) => ({
      id: n.id,
      kind: NOTIFICATION_EVENTS[n.kind as NotificationKind]?.label ?? n.kind,
      title: n.title,
      summary: n.summary.split("\n")[0] ?? "",
      link: n.link,
      read: n.readAt !== null,
      createdAt: n.createdAt.toISOString(),
    })),
    next: more && last ? `?before=${encodeURIComponent(last.createdAt.toISOString())}&beforeId=${last.id}` : null,
  };
}

const input = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("open"), id: z.uuid() }),
  z.object({ intent: z.literal("read"), id: z.uuid() }),
  z.object({ intent: z.literal("read-all") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "organization:read");
  const parsed = input.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: "Unknown action on notifications." }, { status: 400 });
  const choice = parsed.data;
  if (choice.intent === "read-all") {
    const n = await withTenant(member.tenant, (tx) => markAllRead(tx, member.user.id));
    return redirectWithFlash("/notifications", { kind: n ? "success" : "info", message: n ? `Marked ${n} notification${n === 1 ? "" : "s"} read.` : "Nothing was unread." });
  }
  const link = await withTenant(member.tenant, (tx) => markRead(tx, member.user.id, choice.id));
  if (!link) return data({ error: "That notification is not yours or no longer exists." }, { status: 404 });
  return choice.intent === "open" ? redirect(link, 303) : redirect("/notifications", 303);
}

export default function Notifications() {
  const { items, unread, next } = useLoaderData<typeof loader>();
  const format = useOrgFormat();
  return (
    <section className="max-w-4xl">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 className="text-2xl font-semibold">Notifications</h1>
        <p className="text-sm text-slate-600">
          {unread} unread · <a className="underline" href="/settings/notifications">Preferences</a> · <a className="underline" href="/waiting">Waiting on me</a>
        </p>
      </div>
      {unread > 0 ? (
        <PostForm className="mt-4">
          <input type="hidden" name="intent" value="read-all" />
          <SubmitButton tone="secondary">Mark all read</SubmitButton>
        </PostForm>
      ) : null}
      {items.length === 0 ? <p className="mt-6 text-slate-600">No notifications yet.</p> : null}
      <ul className="mt-6 divide-y divide-slate-200 rounded border border-slate-200 bg-white" data-testid="inbox">
        {items.map((n) => (
          <li key={n.id} className={`flex flex-wrap items-start justify-between gap-3 p-4 ${n.read ? "" : "bg-blue-50"}`} data-unread={n.read ? undefined : "true"}>
            <div className="min-w-0 flex-1">
              <p className="text-xs text-slate-500">
                {n.read ? null : <span className="mr-2 rounded bg-brand-900 px-1.5 py-0.5 font-semibold text-white">Unread</span>}
                {n.kind} · {formatDateTime(n.createdAt, format)}
              </p>
              <PostForm>
                <input type="hidden" name="intent" value="open" />
                <input type="hidden" name="id" value={n.id} />
                <button type="submit" className={`text-left underline ${n.read ? "" : "font-semibold"}`}>{n.title}</button>
              </PostForm>
              {n.summary ? <p className="mt-1 text-sm text-slate-600">{n.summary}</p> : null}
            </div>
            <div className="flex items-center gap-3 text-sm">
              <a className="underline" href={n.link}>View</a>
              {n.read ? null : (
                <PostForm>
                  <input type="hidden" name="intent" value="read" />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" className="underline">Mark read</button>
                </PostForm>
              )}
            </div>
          </li>
        ))}
      </ul>
      {next ? (
        <p className="mt-4">
          <a className="underline" href={next}>Older notifications</a>
        </p>
      ) : null}
    </section>
  );
}
