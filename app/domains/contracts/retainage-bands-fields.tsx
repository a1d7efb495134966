import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { FieldErrors, inputClass, SelectField } from "~/components/forms";
import {
  BAND_BASIS_LABELS,
  BAND_ROWS,
  bandFormValues,
} from "./retainage-bands.schema";
import type { RetainageBandTerms } from "./retainage-bands";

type BandRow = { from?: string; ratePercent?: string };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

/** The editor's default values: the stored bands and empty rows up to BAND_ROWS (so every row posts without JS). */
export function bandDefaults(terms: RetainageBandTerms) {
  const values = bandFormValues(terms);
  const rows: BandRow[] = [...values.retainageBands];
  while (rows.length < BAND_ROWS) rows.push({ from: "", ratePercent: "" });
  return {
    retainageBandBasis: values.retainageBandBasis,
    retainageBands: rows,
  };
}

/**
 * Retainage bands after the base rate: what they measure and up to BAND_ROWS rows "from / rate".
 * % complete bands step the whole retainage down once reached; amount bands are marginal.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BandRowsField = FieldMetadata<(BandRow | undefined)[] | undefined, any, string[]>;

export function RetainageBandsFields({
  basis,
  bands,
}: {
  basis: AnyField;
  bands: BandRowsField;
}) {
  const rows = bands.getFieldList();
  return (
    <fieldset className="rounded border border-slate-200 p-3">
      <legend className="px-1 text-sm font-medium text-slate-700">
        Retainage bands (optional)
      </legend>
      <p className="text-xs text-slate-500">
        % complete: from that % complete on, the band&apos;s rate holds on all
        retainage to date (e.g. from 50 at 5 = 10% until half complete, then
        5%). Amount billed: the band&apos;s rate holds on the part billed above
        its amount, like tax brackets (e.g. from 500,000 at 5 = 10% on the first
        500,000, 5% above). Bands must increase; empty rows are ignored.
      </p>
      <div className="mt-2 max-w-xs">
        <SelectField
          meta={basis}
          label="Bands measure"
          options={[
            { value: "", label: "No bands" },
            ...Object.entries(BAND_BASIS_LABELS).map(([value, label]) => ({
              value,
              label,
            })),
          ]}
        />
      </div>
      <table className="mt-2 text-sm">
        <thead>
          <tr className="text-left text-slate-600">
            <th className="pr-3 font-medium">Band</th>
            <th className="pr-3 font-medium">From (% complete or amount)</th>
            <th className="font-medium">Rate (%)</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, BAND_ROWS).map((row, i) => {
            const cells = row.getFieldset();
            return (
              <tr key={row.key} className="align-top">
                <td className="pr-3 pt-3 text-slate-600">{i + 1}</td>
                {[cells.from, cells.ratePercent].map((meta, n) => (
                  <td key={meta.name} className="pr-3">
                    <input
                      {...getInputProps(meta, { type: "text" })}
                      key={meta.key}
                      inputMode="decimal"
                      aria-label={`Band ${i + 1} ${n ? "rate (%)" : "from"}`}
                      className={inputClass}
                    />
                    <FieldErrors id={meta.errorId} errors={meta.errors} />
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <FieldErrors id={bands.errorId} errors={bands.errors} />
    </fieldset>
  );
}
