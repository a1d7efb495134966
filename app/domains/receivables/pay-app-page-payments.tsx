import type { SubmissionResult } from "@conform-to/react";
import { Money } from "~/components/data-table/cells";
import { PaymentsTable, RecordPaymentForm, type PaymentDate } from "~/components/payments";
import type { PaymentMethod } from "~/utils/payment-methods";
import { arPaymentSchema } from "./pay-apps.schema";

const RECEIVED_ON: PaymentDate<"receivedOn"> = { key: "receivedOn", label: "Received on" };

type PaymentView = { id: string; receivedOn: string; amount: string; method: PaymentMethod; reference: string };

/** Payments received against the application, with what is still outstanding of line 8. */
export function PaymentsReceived({ payments, received, outstanding }: { payments: PaymentView[]; received: string; outstanding: string }) {
  return (
    <div className="max-w-3xl space-y-2">
      <PaymentsTable testId="payments-received" date={RECEIVED_ON} payments={payments} emptyMessage="No payment received yet." />
      <p className="text-sm text-slate-700">
        Received <span className="font-semibold tabular-nums" data-testid="received"><Money value={received} /></span> · outstanding{" "}
        <span className="font-semibold tabular-nums" data-testid="outstanding"><Money value={outstanding} /></span>
      </p>
    </div>
  );
}

/** A payment from the owner (partial allowed); when line 8 is received in full the application is paid. */
export function RecordPaymentReceivedForm({ version, outstanding, today, lastResult }: { version: number; outstanding: string; today: string; lastResult?: SubmissionResult<string[]> }) {
  return (
    <RecordPaymentForm
      schema={arPaymentSchema}
      intent="record-payment"
      date={RECEIVED_ON}
      version={version}
      amount={outstanding}
      today={today}
      lastResult={lastResult}
      intro={<h3 className="font-medium">Record a payment received</h3>}
    />
  );
}
