import { projects } from "@db/schema";
import { eq } from "drizzle-orm";
import { organizationBranding } from "~/domains/receivables/g702-document.server";
import type { Tx } from "~/utils/db.server";
import { reportPhotos } from "./daily-log-photos.server";
import { readDailyLog } from "./daily-log-read.server";
import type { DailyReport } from "./daily-log-pdf.server";

/** Everything the daily report PDF shows, read in one transaction (RecordNotFound outside the project). */
export async function loadDailyReport(tx: Tx, projectId: string, logId: string): Promise<DailyReport> {
  const entry = await readDailyLog(tx, logId, projectId);
  const [project] = await tx.select({ jobNumber: projects.jobNumber, name: projects.name, address: projects.address }).from(projects).where(eq(projects.id, projectId));
  return { organization: await organizationBranding(tx), project, entry, photos: await reportPhotos(tx, entry.log.id, entry.log.submittedAt) };
}
