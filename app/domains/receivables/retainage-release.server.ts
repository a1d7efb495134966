/**
 * Retainage release: its own application (partial or final) after the latest certified one. It
 * carries that application's progress unchanged, releases retainage line by line
 * (computeRetainageRelease), and then goes through submit → certify → paid like any application.
 */
import { sql } from "drizzle-orm";
import { payApplicationLines } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import { computeRetainageRelease } from "./pay-app-math";
import { assertNoOpenApplication, insertApplicationHeader } from "./pay-app-workflow.server";
import type { RetainageReleaseRequest } from "./pay-apps.schema";
import { carriedForward, certificatesToDate, findPayApp, latestCertified, PayAppRefused, payAppLines, requireContract, summaryColumns, summaryOf } from "./pay-apps.server";

export async function createRetainageRelease(tx: Tx, projectId: string, input: RetainageReleaseRequest & { createdBy: string }) {
  await requireContract(tx, projectId);
  await assertNoOpenApplication(tx, projectId);
  const previous = await latestCertified(tx, projectId);
  if (!previous) throw new PayAppRefused("There is no certified application yet, so no retainage is held.");
  if (previous.kind === "opening" && !dec(certificatesToDate(previous)).eq(previous.line6EarnedLessRetainage))
    throw new PayAppRefused("The opening position's certificates are below its earned less retainage: bill the next progress application before releasing retainage.");
  const lines = await payAppLines(tx, previous.id);
  const release = computeRetainageRelease({
    previous: summaryOf(previous),
    lines: lines.map((l) => ({ key: l.id, description: l.description, retainageOnCompleted: l.retainageOnCompleted, retainageOnStored: l.retainageOnStored })),
    release: input.final
      ? "final"
      : input.lines?.length
        ? { lines: input.lines.map((l) => ({ key: l.lineId, amount: l.amount })), total: input.amount ?? null }
        : (input.amount ?? "0"),
  });
  if (release.errors.length) throw new PayAppRefused(release.errors.map((e) => e.message).join(" "), input.lines?.length ? undefined : "amount");
  const app = await insertApplicationHeader(tx, projectId, previous, {
    kind: "retainage_release",
    periodEnd: previous.periodEnd,
    applicationDate: input.applicationDate,
    dueDate: input.dueDate,
    createdBy: input.createdBy,
    ...summaryColumns(release.summary),
  });
  const released = new Map(release.lines.map((l) => [l.key, l]));
  for (const line of lines) {
    const after = released.get(line.id)!;
    await tx.insert(payApplicationLines).values({
      organizationId: sql`${currentOrganizationId}`,
      payApplicationId: app.id,
      sovLineId: line.sovLineId,
      lineNumber: line.lineNumber,
      description: line.description,
      scheduledValue: line.scheduledValue,
      ...carriedForward(line),
      thisPeriod: "0",
      retainageRate: line.retainageRate,
      storedRetainageRate: line.storedRetainageRate,
      retainageOnCompleted: after.retainageOnCompleted,
      retainageOnStored: after.retainageOnStored,
      retainage: after.retainage,
      released: after.released,
    });
  }
  const created = await findPayApp(tx, app.id);
  await recordAudit(tx, { entityType: "pay_application", entityId: app.id, action: "retainage_release_created", after: { ...created, released: release.released } });
  return created;
}
