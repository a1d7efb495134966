import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { withTenant } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { runCommit } from "./import-commit-job.server";
import { confirmImport, getImport, requeueImport } from "./imports.server";
import { writeMasterfile } from "./masterfile-generator.server";
import { runJob, uploadMasterfile, validateUpload } from "./test-imports";
import type { SqlClient } from "@db/sql-client";

/**
 * Kill -9 the worker in the middle of a commit, start another, re-queue the dead worker's import:
 * it must finish with exactly the rows of a clean run of the same file (QUALITY.md: jobs are
 * idempotent). The worker is a real child process running jobs/main.ts.
 */

const ROWS = 30_000;
let owner: SqlClient;
let crashed: FinanceOrganization;
let clean: FinanceOrganization;
let workDir: string;
let bytes: Buffer;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  owner = ownerConnection();
  crashed = await financeOrganization(owner, "crash");
  clean = await financeOrganization(owner, "clean");
  workDir = await mkdtemp(path.join(tmpdir(), "secg-crash-"));
  const file = await writeMasterfile({ path: path.join(workDir, "masterfile.xlsx"), rows: ROWS, seed: 7, jobPrefix: "CR" });
  bytes = await readFile(file.path);
}, 60_000);
afterAll(async () => {
  for (const w of workers) w.kill("SIGKILL");
  await owner.end();
  await rm(workDir, { recursive: true, force: true });
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "jobs/main.ts"], {
    env: { ...process.env, WORKER_CONCURRENCY: "1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  workers.push(child);
  return child;
}

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Everything the import writes, independent of ids and of which organization holds it. */
async function importedState(org: FinanceOrganization) {
  const o = org.organizationId;
  const [state] = await owner`select
    (select count(*)::int from projects where organization_id = ${o} and job_number like 'CR-%') as projects,
    (select count(*)::int from budget_lines b join projects p on p.id = b.project_id where b.organization_id = ${o} and p.job_number like 'CR-%') as budget_lines,
    (select count(*)::int from commitment_lines l where l.organization_id = ${o}) as commitment_lines,
    (select count(*)::int from project_milestones where organization_id = ${o}) as milestones,
    (select count(*)::int from leads where organization_id = ${o}) as leads,
    (select md5(string_agg(concat_ws('|', p.job_number, p.name, p.status, p.start_date, cc.code, ct.code, b.original_amount, b.description), ',' order by p.job_number, cc.code, ct.code))
      from budget_lines b join projects p on p.id = b.project_id join cost_codes cc on cc.id = b.cost_code_id join cost_types ct on ct.id = b.cost_type_id
      where b.organization_id = ${o} and p.job_number like 'CR-%') as budget_hash,
    (select md5(string_agg(concat_ws('|', p.job_number, c.number, v.name, v.tax_id, c.type, c.title, c.retainage_rate, l.line_number, cc.code, ct.code, l.amount), ',' order by p.job_number, c.number, l.line_number))
      from commitment_lines l join commitments c on c.id = l.commitment_id join projects p on p.id = c.project_id join vendors v on v.id = c.vendor_id
      join cost_codes cc on cc.id = l.cost_code_id join cost_types ct on ct.id = l.cost_type_id where l.organization_id = ${o}) as commitment_hash,
    (select md5(string_agg(concat_ws('|', c.code, c.name, p.code), ',' order by c.code)) from cost_codes c left join cost_codes p on p.id = c.parent_id where c.organization_id = ${o}) as cost_code_hash,
    (select md5(string_agg(concat_ws('|', name, company, stage, source, estimated_value, probability, expected_close), ',' order by name, company)) from leads where organization_id = ${o}) as lead_hash`;
  return state;
}

describe("a worker killed in the middle of a commit", () => {
  it("leaves nothing half-written; after re-queueing, a new worker ends in the same state as a clean run", async () => {
    const cleanWho = tenantOf(clean, clean.owner);
    const reference = await uploadMasterfile(cleanWho, bytes);
    const validatedClean = await validateUpload(cleanWho, reference.id);
    expect(validatedClean.errorCount).toBe(0);
    await withTenant(cleanWho, (tx) => confirmImport(tx, { id: reference.id, version: validatedClean.version, userId: cleanWho.userId }));
    await runCommit(runJob.jobContext(cleanWho, reference.id, validatedClean.attempt));
    const expected = await importedState(clean);
    expect(expected.budget_lines + expected.commitment_lines).toBeGreaterThan(ROWS * 0.9);

    const who = tenantOf(crashed, crashed.owner);
    const { id } = await uploadMasterfile(who, bytes);
    const validated = await validateUpload(who, id);
    await withTenant(who, (tx) => confirmImport(tx, { id, version: validated.version, userId: who.userId }));

    const first = startWorker();
    const mid = await waitFor(async () => {
      const [row] = await owner`select status, progress_done, worker_id from imports where id = ${id}`;
      return row.status !== "committing" || (row.worker_id && row.progress_done > 0) ? row : null;
    }, "the commit to start writing");
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    expect(mid.status).toBe("committing"); // still inside its one transaction when killed

    const dead = await withTenant(who, (tx) => getImport(tx, id));
    expect(dead).toMatchObject({ status: "committing", attempt: 1 });
    expect((await importedState(crashed)).projects).toBe(0); // the transaction died with the worker

    startWorker();
    const stuck = await waitFor(async () => {
      const row = await withTenant(who, (tx) => getImport(tx, id, 2));
      return row?.stuck ? row : null;
    }, "the dead worker's import to count as stuck");
    await withTenant(who, (tx) => requeueImport(tx, { id, version: stuck.version, userId: who.userId }, 2));
    const done = await waitFor(async () => {
      const row = await withTenant(who, (tx) => getImport(tx, id));
      return row && ["done", "failed"].includes(row.status) ? row : null;
    }, "the re-queued commit to finish");
    expect(done.failureMessage).toBeNull();
    expect(done).toMatchObject({ status: "done", attempt: 2 });
    expect(await importedState(crashed)).toEqual(expected);

    // the dead worker's job, if it ever ran again, is fenced off by its stale attempt number
    await runCommit(runJob.jobContext(who, id, 1));
    expect(await importedState(crashed)).toEqual(expected);
  }, 240_000);
});
