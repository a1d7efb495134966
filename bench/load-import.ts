/**
 * The masterfile import that runs while the load test's users work: uploaded through /imports/new
 * (multipart, CSRF token) and confirmed on /imports/:id like a user with JavaScript off, then
 * validated and committed by the worker process. Its status is read from the database.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { VirtualUser } from "./load-traffic";
import type { SqlClient } from "@db/sql-client";

export interface ImportRun {
  importId: string | null;
  status: string;
  rows: number;
  /** Seconds from the start of the traffic. */
  uploadedAt?: number;
  validatedAt?: number;
  confirmedAt?: number;
  finishedAt?: number;
  committedCounts?: unknown;
  failure?: string;
}

const POLL_MS = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(owner: SqlClient, importId: string, statuses: string[], until: number) {
  for (;;) {
    const [row] = await owner<{ status: string; version: number; failureMessage: string | null; committedCounts: unknown }>`
      select status, version, failure_message as "failureMessage", committed_counts as "committedCounts" from imports where id = ${importId}`;
    if (row && (statuses.includes(row.status) || row.status === "failed")) return row;
    if (performance.now() > until) return row ?? null;
    await sleep(POLL_MS);
  }
}

/** Upload, wait for validation, confirm, wait for the commit; gives up at `until` (performance.now() ms). */
export async function importDuringLoad(options: { baseUrl: string; user: VirtualUser; file: string; rows: number; owner: SqlClient; started: number; until: number }): Promise<ImportRun> {
  const { baseUrl, user, owner, started, until } = options;
  const at = () => Math.round((performance.now() - started) / 100) / 10;
  const run: ImportRun = { importId: null, status: "not uploaded", rows: options.rows };
  const headers = () => ({ Cookie: user.jar.header(), Origin: baseUrl, "Sec-Fetch-Site": "same-origin" });

  const form = new FormData();
  form.set("csrf", user.csrf);
  form.set("file", new Blob([readFileSync(options.file)], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }), path.basename(options.file));
  const upload = await fetch(`${baseUrl}/imports/new`, { method: "POST", body: form, headers: headers(), redirect: "manual" });
  const location = upload.headers.get("location") ?? "";
  await upload.arrayBuffer();
  const importId = /\/imports\/([0-9a-f-]{36})/.exec(location)?.[1] ?? null;
  if (upload.status !== 303 || !importId) return { ...run, failure: `upload answered ${upload.status} (Location ${location || "none"})` };
  Object.assign(run, { importId, status: "queued", uploadedAt: at() });

  const validated = await waitFor(owner, importId, ["validated"], until);
  run.status = validated?.status ?? "missing";
  if (validated?.status !== "validated") return { ...run, failure: validated?.failureMessage ?? `still ${run.status} when the wait ended` };
  run.validatedAt = at();

  const confirm = await fetch(`${baseUrl}/imports/${importId}`, {
    method: "POST",
    body: new URLSearchParams({ csrf: user.csrf, intent: "confirm", version: String(validated.version) }),
    headers: { ...headers(), "Content-Type": "application/x-www-form-urlencoded" },
    redirect: "manual",
  });
  await confirm.arrayBuffer();
  if (confirm.status !== 303) return { ...run, failure: `confirm answered ${confirm.status}` };
  run.confirmedAt = at();

  const done = await waitFor(owner, importId, ["done"], until);
  run.status = done?.status ?? "missing";
  if (done?.status !== "done") return { ...run, failure: done?.failureMessage ?? `still ${run.status} when the wait ended` };
  return { ...run, finishedAt: at(), committedCounts: done.committedCounts };
}
