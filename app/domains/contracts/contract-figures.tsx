import { Money } from "~/components/data-table/cells";
import { MoneyFigures } from "~/components/money-figures";

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

/** Contract sum to date and the SOV total side by side, with the pay-application readiness check. */
export function ContractFigures({ figures }: { figures: FiguresView }) {
  const matches = isZero(figures.difference);
  return (
    <div className="space-y-3">
      <MoneyFigures
        columns="sm:grid-cols-2 lg:grid-cols-4"
        items={[
          { label: "Original contract sum", value: figures.originalSum, testId: "original-sum" },
          { label: "Approved prime change orders", value: figures.approvedChanges, testId: "approved-changes" },
          { label: "Contract sum to date", value: figures.contractSumToDate, testId: "contract-sum-to-date" },
          {
            label: "Schedule of values total",
            value: figures.sovTotal,
            testId: "sov-total",
            note: (
              <>
                Original lines <Money value={figures.sovOriginal} /> + change order lines <Money value={figures.sovFromChangeOrders} />
              </>
            ),
          },
        ]}
      />
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
