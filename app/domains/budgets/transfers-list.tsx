import { DateTime, Money } from "~/components/data-table/cells";

type Transfer = { id: string; createdAt: string; from: string; to: string; amount: string; reason: string; createdBy: string };

const cell = "px-3 py-2";

/** The project's budget transfers (append-only), newest first. */
export function TransfersList({ transfers }: { transfers: Transfer[] }) {
  if (transfers.length === 0) return <p className="text-sm text-slate-600">No budget has been transferred on this project.</p>;
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="budget-transfers">
        <thead className="bg-slate-50 text-left text-slate-700">
          <tr>
            <th scope="col" className={cell}>When</th>
            <th scope="col" className={cell}>From</th>
            <th scope="col" className={cell}>To</th>
            <th scope="col" className={`${cell} text-right`}>Amount</th>
            <th scope="col" className={cell}>Reason</th>
            <th scope="col" className={cell}>By</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {transfers.map((t) => (
            <tr key={t.id}>
              <td className={cell}><DateTime value={t.createdAt} /></td>
              <td className={cell}>{t.from}</td>
              <td className={cell}>{t.to}</td>
              <td className={`${cell} text-right tabular-nums`}><Money value={t.amount} /></td>
              <td className={cell}>{t.reason}</td>
              <td className={cell}>{t.createdBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
