import { useCallback, useEffect, useRef, useState } from "react";
import { useNavigate, useRevalidator, useSubmit } from "react-router";
import { interceptOutboxForms, OUTBOX_KEPT, replayOutbox, discardEntry, listEntries, type OutboxRouter } from "./outbox-client";
import { outboxSummary, type OutboxEntry } from "./outbox-entry";
import { onOtherTabChange, OUTBOX_CHANGED } from "./outbox-store";

const time = (iso: string) => new Date(iso).toLocaleString(undefined, { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });

/**
 * What waits on this device to be sent (the offline outbox), in the app header: "2 waiting to
 * send" opening the list with what and when, "Send now" and "Discard". It also runs the outbox:
 * catches submits of outbox forms and sends what waits on page load, when the connection returns
 * and when the page is shown again. Renders nothing on the server and while nothing waits.
 */
export function OutboxStatus() {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  const [kept, setKept] = useState(false);
  const navigate = useNavigate();
  const submit = useSubmit();
  const { revalidate } = useRevalidator();
  const router = useRef<OutboxRouter>(null as unknown as OutboxRouter);
  router.current = { navigate: (path) => void navigate(path), submit: (data, action) => void submit(data, { method: "post", action }), revalidate: () => void revalidate() };

  const refresh = useCallback(() => {
    listEntries().then(setEntries, () => setEntries([]));
  }, []);
  const sendNow = useCallback(
    async (retry = false) => {
      if ((await replayOutbox({ retry })) > 0) router.current.revalidate();
    },
    [],
  );

  useEffect(() => {
    if (typeof indexedDB === "undefined") return;
    const stop = interceptOutboxForms(() => router.current);
    const onKept = () => setKept(true);
    const onOnline = () => void sendNow();
    const onVisible = () => document.visibilityState === "visible" && void sendNow();
    window.addEventListener(OUTBOX_CHANGED, refresh);
    window.addEventListener(OUTBOX_KEPT, onKept);
    window.addEventListener("online", onOnline);
    document.addEventListener("visibilitychange", onVisible);
    const stopOther = onOtherTabChange(refresh);
    refresh();
    void sendNow();
    return () => {
      stop();
      stopOther();
      window.removeEventListener(OUTBOX_CHANGED, refresh);
      window.removeEventListener(OUTBOX_KEPT, onKept);
      window.removeEventListener("online", onOnline);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [refresh, sendNow]);

  useEffect(() => {
    if (entries.length === 0) setKept(false);
  }, [entries.length]);

  if (entries.length === 0) return null;
  return (
    <div className="relative" data-testid="outbox-status">
      <details className="group">
        <summary className="flex min-h-11 cursor-pointer list-none items-center rounded bg-amber-400 px-3 py-1.5 text-sm font-medium text-amber-950 select-none [&::-webkit-details-marker]:hidden">
          {outboxSummary(entries)}
        </summary>
        <div className="absolute right-0 z-20 mt-2 w-[min(22rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-900 shadow-lg">
          <p className="text-slate-600">Kept on this device until the connection is back; nothing is sent twice.</p>
          <ul className="mt-2 divide-y divide-slate-100">
            {entries.map((e) => (
              <li key={e.id} className="flex items-start justify-between gap-2 py-2" data-testid="outbox-entry">
                <div className="min-w-0">
                  <p className="font-medium break-words">{e.label}</p>
                  <p className="text-xs text-slate-500">Kept {time(e.createdAt)}</p>
                  {e.status === "attention" ? (
                    <p className="mt-1 text-xs text-red-700">
                      Needs attention: {e.problem}{" "}
                      <a href={e.page} className="text-brand-700 underline">Open the form again</a>
                    </p>
                  ) : null}
                </div>
                <button type="button" onClick={() => void discardEntry(e.id)} className="min-h-11 shrink-0 rounded border border-slate-300 px-3 text-red-700 hover:bg-red-50">
                  Discard
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => void sendNow(true)} className="mt-2 min-h-11 w-full rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">
            Send now
          </button>
        </div>
      </details>
      {kept ? (
        <div className="fixed inset-x-4 bottom-4 z-30 mx-auto flex max-w-md items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 shadow-lg">
          <p role="status" className="flex-1">Saved on this device — will send when you are back online.</p>
          <button type="button" onClick={() => setKept(false)} className="min-h-11 rounded border border-amber-400 px-3 font-medium">
            OK
          </button>
        </div>
      ) : null}
    </div>
  );
}
