/**
 * The offline outbox (browser only; JavaScript enhancement). A POST form marked `data-outbox`
 * (PostForm's `outbox` prop) is sent by fetch; when that fails because the connection dropped
 * (fetch rejects, or the browser is offline) the post is kept in IndexedDB with its submission
 * token and sent again on page load, `online` and when the page becomes visible (iOS Safari has no
 * Background Sync). The token makes a resend of a post the server already took a repeat: nothing
 * doubles. An HTTP error answer is not kept: the form is handed to the router, which shows the
 * server's answer as without the outbox.
 */
import { OUTBOX_HEADER, SUBMISSION_FIELD } from "~/utils/submissions";
import { bodyOf, fieldsOf, newEntry, replayDecision, type OutboxEntry, type SendOutcome } from "./outbox-entry";
import { deleteEntry, listEntries, putEntry } from "./outbox-store";

/** What the outbox needs from the router: go to a page, or submit a form the router's way. */
export type OutboxRouter = {
  navigate: (path: string) => void;
  submit: (form: FormData, action: string) => void;
  revalidate: () => void;
};

/** Announced on window when a post was kept on the device (the header status says so). */
export const OUTBOX_KEPT = "secg-outbox-kept";

const newId = () =>
  typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) => (Number(c) ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (Number(c) / 4)))).toString(16));

/** The server's message in an error answer: a form's alert, the error page's text, or a plain body. */
async function serverMessage(response: Response): Promise<string | null> {
  const text = await response.text().catch(() => "");
  if (!(response.headers.get("Content-Type") ?? "").includes("html")) return text.trim().slice(0, 300) || null;
  const page = new DOMParser().parseFromString(text, "text/html");
  const found = page.querySelector("main [role='alert']") ?? page.querySelector("main section h1 + p");
  return found?.textContent?.trim().slice(0, 300) || null;
}

async function send(entry: Pick<OutboxEntry, "action" | "enctype" | "fields">, firstTry: boolean): Promise<SendOutcome> {
  try {
    const response = await fetch(entry.action, {
      method: "POST",
      body: bodyOf(entry),
      credentials: "same-origin",
      redirect: "follow",
      headers: firstTry ? { [OUTBOX_HEADER]: "1" } : {},
    });
    const final = new URL(response.url || entry.action, window.location.href);
    return { kind: "answer", status: response.status, finalPath: `${final.pathname}${final.search}`, message: response.ok ? null : await serverMessage(response) };
  } catch {
    return { kind: "network" };
  }
}

function formDataOf(form: HTMLFormElement, submitter: HTMLElement | null): FormData {
  try {
    return new FormData(form, submitter);
  } catch {
    const data = new FormData(form);
    if (submitter instanceof HTMLButtonElement && submitter.name) data.append(submitter.name, submitter.value);
    return data;
  }
}

/**
 * A page render's submission token is shared by its forms: a second post of the same form before
 * the page renders again (two team members added while offline) gets a fresh token, else the
 * server would take it for a repeat of the first.
 */
const spent = new Set<string>();
function ownToken(data: FormData, action: string) {
  const key = `${String(data.get(SUBMISSION_FIELD))}|${action}|${String(data.get("intent") ?? "")}`;
  if (spent.has(key) && data.has(SUBMISSION_FIELD)) data.set(SUBMISSION_FIELD, newId());
  spent.add(`${String(data.get(SUBMISSION_FIELD))}|${action}|${String(data.get("intent") ?? "")}`);
}

async function keep(entry: OutboxEntry, form: HTMLFormElement) {
  await putEntry(entry);
  void navigator.storage?.persist?.().catch(() => false);
  form.reset();
  window.dispatchEvent(new CustomEvent(OUTBOX_KEPT, { detail: entry.label }));
}

async function submitThroughOutbox(form: HTMLFormElement, submitter: HTMLElement | null, router: OutboxRouter) {
  const data = formDataOf(form, submitter);
  const target = new URL(form.action || window.location.href, window.location.href);
  const action = `${target.pathname}${target.search}`;
  ownToken(data, action);
  const entry = newEntry({
    id: newId(),
    action,
    page: `${window.location.pathname}${window.location.search}`,
    label: form.dataset.outbox || document.title.split(" · ")[0] || "A form",
    enctype: form.enctype,
    fields: fieldsOf(data),
    now: new Date(),
  });
  if (navigator.onLine === false) return keep(entry, form);
  const button = submitter instanceof HTMLButtonElement ? submitter : null;
  if (button) button.disabled = true;
  form.setAttribute("aria-busy", "true");
  try {
    const outcome = await send(entry, true);
    if (outcome.kind === "network") return await keep(entry, form);
    if (outcome.finalPath === "/login" || outcome.finalPath.startsWith("/login?")) return window.location.assign(outcome.finalPath);
    if (outcome.status < 400) {
      form.reset();
      return router.navigate(outcome.finalPath);
    }
    router.submit(data, action);
  } finally {
    if (button) button.disabled = false;
    form.removeAttribute("aria-busy");
  }
}

/**
 * Listens (capture phase, on window: before React and the router see the event) for submits of
 * `form[data-outbox]`. A form the browser finds invalid is left to the page's own validation.
 * Returns the function that stops listening.
 */
export function interceptOutboxForms(router: () => OutboxRouter): () => void {
  const onSubmit = (event: SubmitEvent) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-outbox") || form.method.toLowerCase() !== "post") return;
    if (!form.checkValidity()) return;
    event.preventDefault();
    event.stopPropagation();
    void submitThroughOutbox(form, event.submitter, router());
  };
  window.addEventListener("submit", onSubmit, true);
  return () => window.removeEventListener("submit", onSubmit, true);
}

let replaying: Promise<number> | null = null;

async function replayAll(): Promise<number> {
  let removed = 0;
  for (const entry of await listEntries()) {
    if (entry.status !== "waiting") continue;
    const outcome = await send(entry, false);
    const decision = replayDecision(outcome);
    if (decision.action === "remove") {
      await deleteEntry(entry.id);
      removed++;
    } else if (decision.action === "attention") await putEntry({ ...entry, status: "attention", problem: decision.problem, attempts: entry.attempts + 1 });
    else {
      await putEntry({ ...entry, attempts: entry.attempts + 1 });
      if (outcome.kind === "network") break; // still offline: the rest would fail too
    }
  }
  return removed;
}

/**
 * Sends what waits, oldest first, one tab at a time (Web Locks where the browser has them): how
 * many the server took. Entries needing attention wait for the user (`retry` sends them too).
 */
export function replayOutbox(options: { retry?: boolean } = {}): Promise<number> {
  if (navigator.onLine === false) return Promise.resolve(0);
  replaying ??= (async () => {
    try {
      if (options.retry) for (const e of await listEntries()) if (e.status === "attention") await putEntry({ ...e, status: "waiting", problem: null });
      const locks = (navigator as Navigator & { locks?: LockManager }).locks;
      return locks ? await locks.request("secg-outbox", () => replayAll()) : await replayAll();
    } finally {
      replaying = null;
    }
  })();
  return replaying;
}

export { deleteEntry as discardEntry, listEntries };
