import { Money } from "~/components/data-table/cells";

export type FiguresView = {
  hasContract: boolean;
  originalSum: string;
  approvedChanges: string;
  contractSumToDate: string;
  sovOriginal: string;
  sovFromChangeOrders: string;
  sovTotal: string;
  difference: string;
  sovLineCount: number;
};

const isZero = (value: string) => /^-?0(\.0+)?$/.test(value);

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums" data-testid={testId}>
        <Money value={value} />
      </dd>
    </div>
  );
}

/** Contract sum to date and the SOV total side by side, with the pay-application readiness check. */
export function ContractFigures({ figures }: { figures: FiguresView }) {
  const matches = isZero(figures.difference);
  return (
    <div className="space-y-3">
      <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Figure label="Original contract sum" value={figures.originalSum} testId="original-sum" />
        <Figure label="Approved prime change orders" value={figures.approvedChanges} testId="approved-changes" />
        <Figure label="Contract sum to date" value={figures.contractSumToDate} testId="contract-sum-to-date" />
        <div className="rounded border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-500">Schedule of values total</dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums" data-testid="sov-total">
            <Money value={figures.sovTotal} />
          </dd>
          <dd className="text-xs text-slate-500">
            Original lines <Money value={figures.sovOriginal} /> + change order lines <Money value={figures.sovFromChangeOrders} />
          </dd>
        </div>
      </dl>
      {matches ? (
        <p className="rounded border border-green-200 bg-green-50 px-4 py-3 text-sm text-green-800" data-testid="sov-check" role="status">
          The schedule of values equals the contract sum to date: ready for the first pay application.
        </p>
      ) : (
        <p className="rounded border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="sov-check" role="status">
          The SOV total must equal the contract sum before the first pay application. Difference (contract sum − SOV):{" "}
          <strong className="text-red-700 tabular-nums" data-testid="sov-difference">
            {/* Red whatever its sign: any difference blocks billing. */}
            <Money value={figures.difference} />
          </strong>
        </p>
      )}
    </div>
  );
}
