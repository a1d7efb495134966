import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { findOpening } from "~/domains/receivables/opening-billing.server";
import { payAppLines } from "~/domains/receivables/pay-apps.server";
import { withTenant } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { listImportErrors } from "./imports.server";
import { confirmAndCommit, headerOf, importWorkbook, uploadMasterfile, validateUpload, workbookBuffer, type Sheets } from "./test-imports";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
const who = () => tenantOf(org, org.owner);
const run = <T,>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant(who(), fn);

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "imp-opening");
});
afterAll(() => owner.end());

const file = (job: string, openingLine2: unknown[]): Sheets => ({
  Projects: [headerOf("projects"), [job, `Onboarded ${job}`, "Harbor Point LLC", "", "Active", "", "", "", ""]],
  "Prime Contracts": [headerOf("primeContracts"), [job, "Harbor Point LLC", "Lofts", "100,000.00", "10%", ""]],
  "Contract Lines": [headerOf("sovLines"), [job, 1, "Structure", "60,000.00"], [job, 2, "Finishes", "40,000.00"]],
  "Opening Positions": [headerOf("openingPositions"), [job, 2, "2026-02-28", "2026-03-02", "29,450.01", "20,000.00"]],
  "Opening Billing": [headerOf("openingBilling"), [job, "1", "30,000.00", "", "1,500.00"], openingLine2],
});

describe("masterfile: prime contracts, contract lines and opening positions", () => {
  it("imports a job onboarded after application 2, through the same rules as the form", async () => {
    const done = await importWorkbook(who(), file("OB-1", ["OB-1", "2", "0", "1,000.01", "50.00"]));
    expect(done.status).toBe("done");
    const project = await owner`select p.id from projects p where p.organization_id = ${org.organizationId} and p.job_number = 'OB-1'`;
    const opening = await run((tx) => findOpening(tx, project[0].id));
    expect(opening).toMatchObject({
      number: 2,
      status: "certified",
      dueDate: "2026-03-02",
      line4CompletedAndStored: "31000.01",
      line5Retainage: "1550.00",
      line8CurrentPaymentDue: "29450.01",
      receivedBeforeOnboarding: "20000.00",
    });
    expect((await run((tx) => payAppLines(tx, opening!.id))).map((l) => [l.lineNumber, l.previousCompleted, l.storedNow, l.retainage])).toEqual([
      [1, "30000.00", "0.00", "1500.00"],
      [2, "0.00", "1000.01", "50.00"],
    ]);
  });

  it("refuses an opening line of a contract line that is not there, naming it; the position without it is refused at commit, nothing written", async () => {
    const { id } = await uploadMasterfile(who(), await workbookBuffer(file("OB-2", ["OB-2", "3", "0", "1,000.01", "50.00"])));
    const validated = await validateUpload(who(), id);
    expect(validated.status).toBe("validated");
    const { rows: errors } = await run((tx) => listImportErrors(tx, id, { offset: 0, limit: 50 }));
    expect(errors.map((e) => [e.sheet, e.rowNumber, e.message])).toEqual([
      ["Opening Billing", 3, "Unknown contract line 3 of job OB-2: it is not on the Contract Lines sheet (without errors) or in the system"],
    ]);
    const committed = await confirmAndCommit(who(), id);
    expect(committed).toMatchObject({
      status: "failed",
      failureMessage:
        "Opening Positions: job OB-2: The previous certificates total 29,450.01 is more than completed and stored to date less retainage held (30,000.00 − 1,500.00 = 28,500.00): check the lines or the total. Nothing was imported.",
    });
    expect(await owner`select 1 from projects where organization_id = ${org.organizationId} and job_number = 'OB-2'`).toHaveLength(0);
  });
});
