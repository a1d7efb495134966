import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, MoneyField, PostForm, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { contractSchema } from "./contracts.schema";
import { NO_BANDS, type RetainageBandTerms } from "./retainage-bands";
import { bandDefaults, RetainageBandsFields } from "./retainage-bands-fields";

export type ContractView = {
  ownerName: string;
  title: string;
  originalSum: string;
  retainagePercent: string;
  storedRetainagePercent: string;
  retainageCapPercent: string;
  retainageBandBasis: RetainageBandTerms["basis"];
  retainageBands: RetainageBandTerms["bands"];
  version: number;
};

/** Creates the prime contract (no `contract`) or edits it; read-only without contracts:manage. */
export function ContractForm({
  contract,
  defaultRetainagePercent,
  lastResult,
  canManage,
}: {
  contract: ContractView | null;
  defaultRetainagePercent: string;
  lastResult?: SubmissionResult<string[]>;
  canManage: boolean;
}) {
  const [form, fields] = useZodForm(contractSchema, {
    id: "contract",
    lastResult,
    defaultValue: contract
      ? { ...contract, ...bandDefaults({ basis: contract.retainageBandBasis, bands: contract.retainageBands }), version: String(contract.version) }
      : { retainagePercent: defaultRetainagePercent, ...bandDefaults(NO_BANDS) },
  });
  return (
    <PostForm {...getFormProps(form)} className="space-y-4">
      <fieldset disabled={!canManage} className="space-y-4">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="intent" value="save-contract" />
        {contract ? <input type="hidden" name="version" value={contract.version} /> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField meta={fields.ownerName} label="Owner" />
          <TextField meta={fields.title} label="Contract title" />
          <MoneyField meta={fields.originalSum} label="Original contract sum" />
          <TextField meta={fields.retainagePercent} label="Retainage (%)" inputMode="decimal" help="Held on completed work (and on stored material unless set apart below)." />
          <TextField
            meta={fields.storedRetainagePercent}
            label="Retainage on stored materials (%)"
            inputMode="decimal"
            help="Optional: when the contract holds stored materials at another rate."
          />
          <TextField
            meta={fields.retainageCapPercent}
            label="Retainage cap (% of contract sum to date)"
            inputMode="decimal"
            help="Optional: retainage stops growing at this share of the contract sum to date."
          />
        </div>
        <RetainageBandsFields basis={fields.retainageBandBasis} bands={fields.retainageBands} />
        {canManage ? <SubmitButton>{contract ? "Save contract" : "Create contract"}</SubmitButton> : null}
      </fieldset>
    </PostForm>
  );
}
