import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import type { ReactNode } from "react";
import { alignClass, CalendarDate, Money, StatusBadge, TableCell } from "~/components/data-table/cells";
import { requireMember } from "~/utils/auth.server";
import { filterParam } from "~/utils/data-table";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { PAYMENT_METHOD_LABELS } from "~/utils/payment-methods";
import { can } from "~/utils/permissions";
import { vendorCommitments, vendorCompliance, vendorInvoices, vendorPayments, vendorProjectTable, vendorProjectTotals } from "../vendor-detail.server";
import { vendorProjectsTable } from "../vendor-projects.table";
import { getVendor } from "../vendors.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.vendor.name ?? "Vendor"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "vendors:read");
  const role = member.active.role;
  const seesPayables = can(role, "payables:read");
  const seesCommitments = can(role, "commitments:read");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const vendor = await getVendor(tx, params.vendorId ?? "");
      const projects = seesPayables && seesCommitments ? vendorProjectTable(vendor.name, await vendorProjectTotals(tx, vendor.id)) : null;
      const page = {
        vendor: { id: vendor.id, name: vendor.name, contactName: vendor.contactName, email: vendor.email, phone: vendor.phone, taxId: vendor.taxId },
        canManage: can(role, "vendors:manage"),
        compliance: await vendorCompliance(tx, vendor.id),
        projects,
        commitments: seesCommitments ? await vendorCommitments(tx, vendor.id) : null,
        invoices: seesPayables ? await vendorInvoices(tx, vendor.id) : null,
        payments: seesPayables ? await vendorPayments(tx, vendor.id) : null,
      };
      await recordDataAccess(tx, { view: "vendors", format: "page", filters: { vendor: vendor.id }, rowCount: projects?.rows.length ?? 0 });
      return page;
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

const th = "px-2 py-1 text-left font-medium text-slate-600 whitespace-nowrap";
const num = "px-2 py-1 text-right tabular-nums whitespace-nowrap";
const td = "px-2 py-1";
const link = "text-brand-700 hover:underline";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children || <span className="text-slate-400">—</span>}</dd>
    </div>
  );
}

function Section({ title, note, testId, children }: { title: string; note?: ReactNode; testId: string; children: ReactNode }) {
  return (
    <section className="space-y-2" data-testid={testId}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {note ? <p className="text-sm text-slate-600">{note}</p> : null}
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">{children}</div>
    </section>
  );
}

const INSURANCE = { none: "No certificate on file", valid: "Valid", expiring: "Expires within 30 days", expired: "Expired" } as const;
const WAIVER = { not_required: "Not required", received: "Received", missing: "Required, not received" } as const;
const shown = (count: number, total: number) => (total > count ? `The latest ${count} of ${total}.` : null);

export default function Vendor() {
  const { vendor, canManage, compliance, projects, commitments, invoices, payments } = useLoaderData<typeof loader>();
  const invoicesHref = `/payables?${filterParam("vendor")}=${encodeURIComponent(vendor.name)}`;
  return (
    <section className="space-y-8">
      <header>
        <p className="text-sm text-slate-500">
          <a href="/vendors" className={link}>Vendors</a>
        </p>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h1 className="text-2xl font-semibold">{vendor.name}</h1>
          {canManage ? (
            <a href={`/vendors?edit=${vendor.id}`} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:border-brand-600">
              Edit vendor
            </a>
          ) : null}
        </div>
      </header>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <div className="rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-2 text-lg font-semibold">Contact</h2>
          <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="vendor-contact">
            <Fact label="Contact">{vendor.contactName}</Fact>
            <Fact label="Email">{vendor.email ? <a className={`${link} break-all`} href={`mailto:${vendor.email}`}>{vendor.email}</a> : null}</Fact>
            <Fact label="Phone">{vendor.phone ? <a className={link} href={`tel:${vendor.phone.replace(/[^0-9+]/g, "")}`}>{vendor.phone}</a> : null}</Fact>
          </dl>
        </div>
        <div className="rounded border border-slate-200 bg-white p-4">
          <h2 className="mb-2 text-lg font-semibold">Compliance</h2>
          <dl className="grid grid-cols-1 gap-3 sm:grid-cols-3" data-testid="vendor-compliance">
            <Fact label="Insurance">
              {INSURANCE[compliance.insurance]}
              {compliance.insuranceExpiresOn ? <> · <CalendarDate value={compliance.insuranceExpiresOn} /></> : null}
            </Fact>
            <Fact label="Lien waiver">{WAIVER[compliance.lienWaiver]}</Fact>
            <Fact label="Tax id">{vendor.taxId}</Fact>
          </dl>
          {compliance.paymentsBlocked ? (
            <p className="mt-3 text-sm font-medium text-red-700" role="note">Payments to this vendor are blocked until its compliance is brought up to date.</p>
          ) : null}
        </div>
      </div>
      {projects ? (
        <div className="space-y-2" data-testid="vendor-projects">
          <h2 className="text-lg font-semibold">Totals by project</h2>
          <p className="text-sm text-slate-600">
            Committed: executed and closed commitments with their approved change orders. Billed, paid, retainage held and open balance: approved and paid invoices. Each figure opens the list it sums.
          </p>
          <div className="overflow-x-auto rounded border border-slate-200 bg-white">
            <table className="min-w-full text-sm">
              <caption className="sr-only">{vendor.name}: totals by project</caption>
              <thead>
                <tr>
                  {vendorProjectsTable.columns.map((c) => (
                    <th key={c.key} scope="col" className={`${th} ${alignClass(c.type)}`}>{c.label}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {projects.rows.length === 0 ? (
                  <tr><td colSpan={vendorProjectsTable.columns.length} className={`${td} text-slate-500`}>No commitments or invoices with this vendor yet.</td></tr>
                ) : null}
                {projects.rows.map((row) => (
                  <tr key={String(row.projectId)} className="border-t border-slate-100">
                    {vendorProjectsTable.columns.map((c) => (
                      <td key={c.key} className={`${td} whitespace-nowrap ${alignClass(c.type)}`}><TableCell column={c} row={row} /></td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr className="border-t-2 border-slate-300 font-semibold">
                  {vendorProjectsTable.columns.map((c, i) => (
                    <td key={c.key} className={`${td} whitespace-nowrap ${alignClass(c.type)}`}>{i === 0 ? "Total" : <Money value={projects.totals[c.key]} />}</td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
          <p className="text-sm"><a className={link} href={`/vendors/${vendor.id}/export.xlsx`}>Export to Excel</a></p>
        </div>
      ) : null}
      {commitments ? (
        <Section title="Commitments" testId="vendor-commitments" note={shown(commitments.rows.length, commitments.total)}>
          <table className="min-w-full text-sm">
            <thead>
              <tr>
                <th scope="col" className={th}>Number</th>
                <th scope="col" className={th}>Project</th>
                <th scope="col" className={th}>Title</th>
                <th scope="col" className={th}>Status</th>
                <th scope="col" className={`${th} text-right`}>Value</th>
                <th scope="col" className={`${th} text-right`}>Billed</th>
              </tr>
            </thead>
            <tbody>
              {commitments.rows.length === 0 ? (
                <tr><td colSpan={6} className={`${td} text-slate-500`}>No commitments.</td></tr>
              ) : null}
              {commitments.rows.map((c) => (
                <tr key={c.id} className="border-t border-slate-100">
                  <td className={`${td} whitespace-nowrap`}><a className={link} href={`/commitments/${c.id}`}>{c.number}</a></td>
                  <td className={td}><a className={link} href={`/projects/${c.projectId}/commitments`}>{c.project}</a></td>
                  <td className={td}>{c.title}</td>
                  <td className={td}><StatusBadge value={c.status} /></td>
                  <td className={num}><Money value={c.value} /></td>
                  <td className={num}><Money value={c.billed} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
      {invoices ? (
        <Section title="Vendor invoices" testId="vendor-invoices" note={<>{shown(invoices.rows.length, invoices.total)} <a className={link} href={invoicesHref}>All invoices of {vendor.name}</a></>}>
          <table className="min-w-full text-sm">
            <thead>
              <tr>
                <th scope="col" className={th}>Invoice</th>
                <th scope="col" className={th}>Project</th>
                <th scope="col" className={th}>Date</th>
                <th scope="col" className={th}>Due</th>
                <th scope="col" className={th}>Status</th>
                <th scope="col" className={`${th} text-right`}>Total</th>
                <th scope="col" className={`${th} text-right`}>Balance</th>
              </tr>
            </thead>
            <tbody>
              {invoices.rows.length === 0 ? (
                <tr><td colSpan={7} className={`${td} text-slate-500`}>No invoices.</td></tr>
              ) : null}
              {invoices.rows.map((i) => (
                <tr key={i.id} className="border-t border-slate-100">
                  <td className={`${td} whitespace-nowrap`}><a className={link} href={`/payables/${i.id}`}>{i.number}</a></td>
                  <td className={td}>{i.project}</td>
                  <td className={`${td} whitespace-nowrap`}><CalendarDate value={i.invoiceDate} /></td>
                  <td className={`${td} whitespace-nowrap`}><CalendarDate value={i.dueDate} /></td>
                  <td className={td}><StatusBadge value={i.status} /></td>
                  <td className={num}><Money value={i.total} /></td>
                  <td className={num}><Money value={i.balance} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
      {payments ? (
        <Section title="Payments" testId="vendor-payments" note={shown(payments.rows.length, payments.total)}>
          <table className="min-w-full text-sm">
            <thead>
              <tr>
                <th scope="col" className={th}>Paid on</th>
                <th scope="col" className={th}>Invoice</th>
                <th scope="col" className={th}>Project</th>
                <th scope="col" className={th}>Method</th>
                <th scope="col" className={th}>Reference</th>
                <th scope="col" className={`${th} text-right`}>Amount</th>
              </tr>
            </thead>
            <tbody>
              {payments.rows.length === 0 ? (
                <tr><td colSpan={6} className={`${td} text-slate-500`}>No payments.</td></tr>
              ) : null}
              {payments.rows.map((p) => (
                <tr key={p.id} className="border-t border-slate-100">
                  <td className={`${td} whitespace-nowrap`}><CalendarDate value={p.paidOn} /></td>
                  <td className={`${td} whitespace-nowrap`}>
                    <a className={link} href={`/payables/${p.invoiceId}`}>{p.invoiceNumber}</a>
                    {p.isRetainage ? <span className="ml-1 text-xs text-slate-500">(retainage)</span> : null}
                  </td>
                  <td className={td}>{p.project}</td>
                  <td className={td}>{PAYMENT_METHOD_LABELS[p.method]}</td>
                  <td className={td}>{p.reference}</td>
                  <td className={num}><Money value={p.amount} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
    </section>
  );
}
