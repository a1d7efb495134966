/**
 * AP aging for the aging page: the open items of apAgingItems with what the page shows and links
 * (vendor id for the `?party=` drill-down, invoice number, project), read in one more query.
 */
import { eq, inArray, sql } from "drizzle-orm";
import { apInvoices, projects } from "@db/schema";
import type { AgingDocument } from "~/utils/aging-report";
import type { Tx } from "~/utils/db.server";
import { apAgingItems } from "./ap-aging.server";

export async function apAgingDocuments(tx: Tx): Promise<AgingDocument[]> {
  const items = await apAgingItems(tx);
  const ids = [...new Set(items.map((item) => item.invoiceId))];
  if (ids.length === 0) return [];
  const invoices = await tx
    .select({
      id: apInvoices.id,
      vendorId: apInvoices.vendorId,
      invoiceNumber: apInvoices.invoiceNumber,
      kind: apInvoices.kind,
      projectId: projects.id,
      project: sql<string>`${projects.jobNumber} || ' ' || ${projects.name}`,
    })
    .from(apInvoices)
    .innerJoin(projects, eq(projects.id, apInvoices.projectId))
    .where(inArray(apInvoices.id, ids));
  const byId = new Map(invoices.map((invoice) => [invoice.id, invoice]));
  return items.map(({ invoiceId, ...item }) => {
    const invoice = byId.get(invoiceId)!;
    return {
      ...item,
      partyId: invoice.vendorId,
      documentId: invoiceId,
      label: `${invoice.kind === "retainage_release" ? "Retainage release" : "Invoice"} ${invoice.invoiceNumber}${item.isRetainage && invoice.kind === "progress" ? " (retainage held)" : ""}`,
      href: `/payables/${invoiceId}`,
      project: invoice.project,
      projectId: invoice.projectId,
    };
  });
}
