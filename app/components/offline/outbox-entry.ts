/**
 * The offline outbox's pure parts (no browser storage, no network): what a kept form post is, how
 * it is rebuilt for a resend, and what a resend's answer means. See outbox-client.ts.
 */

/** A form field as kept on the device: text, or a file kept as a Blob with its name. */
export type OutboxField = [name: string, value: string] | [name: string, value: { blob: Blob; filename: string }];

export type OutboxEntry = {
  id: string;
  /** Where the form posts (same origin: path and query). */
  action: string;
  /** The page the form was on: "Open the form again" leads there. */
  page: string;
  /** What it does, for the list of what is waiting ("Add a team member"). */
  label: string;
  /** "multipart/form-data" posts files; anything else is sent urlencoded, as the browser would. */
  enctype: "multipart/form-data" | "application/x-www-form-urlencoded";
  fields: OutboxField[];
  /** ISO time it was kept. */
  createdAt: string;
  status: "waiting" | "attention";
  /** Why it needs attention (the server's answer), when it does. */
  problem: string | null;
  attempts: number;
};

const isBlob = (value: unknown): value is Blob => typeof Blob !== "undefined" && value instanceof Blob;

/** The fields of a form post, files kept as Blobs. */
export function fieldsOf(form: Iterable<[string, FormDataEntryValue]>): OutboxField[] {
  return [...form].map(([name, value]): OutboxField => (isBlob(value) ? [name, { blob: value, filename: (value as File).name ?? "file" }] : [name, String(value)]));
}

export function newEntry(input: { id: string; action: string; page: string; label: string; enctype: string; fields: OutboxField[]; now: Date }): OutboxEntry {
  const hasFile = input.fields.some(([, v]) => typeof v !== "string");
  return {
    id: input.id,
    action: input.action,
    page: input.page,
    label: input.label.trim() || "A form",
    enctype: hasFile || input.enctype === "multipart/form-data" ? "multipart/form-data" : "application/x-www-form-urlencoded",
    fields: input.fields,
    createdAt: input.now.toISOString(),
    status: "waiting",
    problem: null,
    attempts: 0,
  };
}

/** The request body of a (re)send: multipart with its files, else urlencoded like a plain form post. */
export function bodyOf(entry: Pick<OutboxEntry, "enctype" | "fields">): FormData | URLSearchParams {
  if (entry.enctype === "multipart/form-data") {
    const form = new FormData();
    for (const [name, value] of entry.fields) {
      if (typeof value === "string") form.append(name, value);
      else form.append(name, value.blob, value.filename);
    }
    return form;
  }
  return new URLSearchParams(entry.fields.filter((f): f is [string, string] => typeof f[1] === "string"));
}

/** A (re)send's result: the network failed, or the server answered (after following redirects). */
export type SendOutcome = { kind: "network" } | { kind: "answer"; status: number; finalPath: string; message: string | null };

export type ReplayDecision = { action: "remove" } | { action: "keep" } | { action: "attention"; problem: string };

const IN_PROGRESS = /already being submitted/i;

/**
 * What to do with a kept entry after a resend:
 * - network failure, a 5xx, 408 or 429: keep it and try again later;
 * - 2xx/3xx, including the answer to a repeat ("already submitted: nothing new was created"): the
 *   server has it, remove it;
 * - 409 "already being submitted" (the first send still runs): keep it; the next resend is
 *   answered as a repeat;
 * - sent to the sign-in page (the session ended) or any other 4xx (validation, a refusal, 403):
 *   keep it, marked as needing attention with the server's message, for the user to open the form
 *   again or discard it.
 */
export function replayDecision(outcome: SendOutcome): ReplayDecision {
  if (outcome.kind === "network") return { action: "keep" };
  const { status, finalPath, message } = outcome;
  if (finalPath === "/login" || finalPath.startsWith("/login?")) return { action: "attention", problem: "You were signed out. Sign in again, then send it." };
  if (status >= 200 && status < 400) return { action: "remove" };
  if (status >= 500 || status === 408 || status === 429) return { action: "keep" };
  if (status === 409 && message && IN_PROGRESS.test(message)) return { action: "keep" };
  return { action: "attention", problem: message || `The server refused it (${status}).` };
}

/** "2 waiting to send" / "1 needs attention". */
export function outboxSummary(entries: Pick<OutboxEntry, "status">[]): string {
  const waiting = entries.filter((e) => e.status === "waiting").length;
  const attention = entries.length - waiting;
  return [waiting ? `${waiting} waiting to send` : null, attention ? `${attention} ${attention === 1 ? "needs" : "need"} attention` : null].filter(Boolean).join(", ");
}
