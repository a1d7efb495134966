import { useRouteLoaderData } from "react-router";

type RootData = { notificationCounts?: { unread: number; waiting: number } | null };

/** Header links to the inbox and the "waiting on me" queue, with their counts from the root loader. */
export function HeaderInbox() {
  const counts = useRouteLoaderData<RootData>("root")?.notificationCounts;
  if (!counts) return null;
  const badge = (n: number) => (n > 0 ? <span className="ml-1 rounded-full bg-amber-400 px-1.5 text-xs font-semibold text-slate-900">{n > 99 ? "99+" : n}</span> : null);
  return (
    <div className="flex items-center gap-3 text-sm" data-testid="header-inbox">
      <a href="/waiting" className="rounded px-2 py-1 hover:bg-white/10" aria-label={`Waiting on me: ${counts.waiting}`}>
        Waiting{badge(counts.waiting)}
      </a>
      <a href="/notifications" className="rounded px-2 py-1 hover:bg-white/10" aria-label={`Notifications: ${counts.unread} unread`}>
        Inbox{badge(counts.unread)}
      </a>
    </div>
  );
}
