import type { ReactNode } from "react";
import { DateTime } from "~/components/data-table/cells";
import { FieldErrors, FormErrors, inputClass, PostForm } from "~/components/forms";
import type { LogRow, ReadDailyLog } from "./daily-log-read.server";
import type { PostResult } from "./daily-log-section";
import { CAUSE_LABELS } from "./daily-log-sections";
import { options, UNIT_LABELS, WEATHER_LABELS } from "./daily-logs.schema";
import { bigButton, hoursText } from "./daily-log-ui";

type Log = ReadDailyLog["log"];

const resultOf = (result: PostResult, intent: string) => (result?.initialValue?.intent === intent ? result : undefined);
const errorsOf = (result: PostResult, intent: string) => resultOf(result, intent)?.error ?? {};

export function Panel({ title, help, children, id }: { title: string; help?: string; children: ReactNode; id?: string }) {
  return (
    <section id={id} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <div>
        <h2 className="text-lg font-semibold">{title}</h2>
        {help ? <p className="text-sm text-slate-600">{help}</p> : null}
      </div>
      {children}
    </section>
  );
}

function Labeled({ name, label, errors, children }: { name: string; label: string; errors?: string[] | null; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">{label}</label>
      {children}
      <FieldErrors errors={errors ?? undefined} />
    </div>
  );
}

/** The day's weather (typed in: no weather service is called) and the log's notes. */
export function WeatherForm({ log, result }: { log: Log; result: PostResult }) {
  const posted = resultOf(result, "save-weather")?.initialValue;
  const value = (name: keyof Log & string) => String((posted ? posted[name] : log[name]) ?? "");
  const errors = errorsOf(result, "save-weather");
  const field = `${inputClass} min-h-11 text-base`;
  return (
    <PostForm key={log.version} className="space-y-3" aria-label="Weather and notes" outbox="Daily log: weather and notes">
      <input type="hidden" name="intent" value="save-weather" />
      <input type="hidden" name="version" value={log.version} />
      <FormErrors errors={errors[""] ?? undefined} />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <div className="col-span-2">
          <Labeled name="weatherConditions" label="Conditions" errors={errors.weatherConditions}>
            <select id="weatherConditions" name="weatherConditions" defaultValue={value("weatherConditions")} className={field}>
              <option value="">— Choose —</option>
              {options(WEATHER_LABELS).map((o) => (
                <option key={o.value} value={o.value}>{o.label}</option>
              ))}
            </select>
          </Labeled>
        </div>
        <Labeled name="temperatureHigh" label="High" errors={errors.temperatureHigh}>
          <input id="temperatureHigh" name="temperatureHigh" type="number" step="0.1" defaultValue={value("temperatureHigh")} className={field} />
        </Labeled>
        <Labeled name="temperatureLow" label="Low" errors={errors.temperatureLow}>
          <input id="temperatureLow" name="temperatureLow" type="number" step="0.1" defaultValue={value("temperatureLow")} className={field} />
        </Labeled>
        <Labeled name="temperatureUnit" label="Unit" errors={errors.temperatureUnit}>
          <select id="temperatureUnit" name="temperatureUnit" defaultValue={value("temperatureUnit")} className={field}>
            {options(UNIT_LABELS).map((o) => (
              <option key={o.value} value={o.value}>{o.label}</option>
            ))}
          </select>
        </Labeled>
        <Labeled name="precipitation" label="Precipitation" errors={errors.precipitation}>
          <input id="precipitation" name="precipitation" maxLength={100} placeholder="0.2 in, AM drizzle" defaultValue={value("precipitation")} className={field} />
        </Labeled>
        <div className="col-span-2">
          <Labeled name="wind" label="Wind" errors={errors.wind}>
            <input id="wind" name="wind" maxLength={100} placeholder="NW 10–15 mph, gusts 25" defaultValue={value("wind")} className={field} />
          </Labeled>
        </div>
        <div className="col-span-2 sm:col-span-4">
          <Labeled name="notes" label="Notes" errors={errors.notes}>
            <textarea id="notes" name="notes" rows={3} maxLength={4000} defaultValue={value("notes")} className={field} />
          </Labeled>
        </div>
      </div>
      <button type="submit" className={`${bigButton} bg-brand-600 text-white hover:bg-brand-700`}>Save weather and notes</button>
    </PostForm>
  );
}

export function WeatherFacts({ log }: { log: Log }) {
  const unit = UNIT_LABELS[log.temperatureUnit];
  const facts: [string, string][] = [
    ["Conditions", log.weatherConditions ? WEATHER_LABELS[log.weatherConditions] : ""],
    ["High / low", [log.temperatureHigh, log.temperatureLow].some((t) => t !== null) ? `${log.temperatureHigh ?? "—"} / ${log.temperatureLow ?? "—"} ${unit}` : ""],
    ["Precipitation", log.precipitation],
    ["Wind", log.wind],
  ];
  return (
    <div className="space-y-2 text-sm">
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd>{value || "—"}</dd>
          </div>
        ))}
      </dl>
      {log.notes ? <p className="whitespace-pre-line">{log.notes}</p> : null}
    </div>
  );
}

/**
 * The delays flagged as a potential change: the change order each started, a button to start one
 * (for members who manage change orders), or a note that the project manager was flagged.
 */
export function PotentialChanges({ delays, canStart, result }: { delays: LogRow[]; canStart: boolean; result: PostResult }) {
  const flagged = delays.filter((d) => d.potentialChange);
  if (!flagged.length) return null;
  const errors = errorsOf(result, "start-change-order");
  return (
    <div className="space-y-2 rounded border border-amber-300 bg-amber-50 p-3" data-testid="potential-changes">
      <h3 className="font-medium text-amber-900">Potential changes</h3>
      <FormErrors errors={errors[""] ?? errors.delayId ?? undefined} />
      <ul className="space-y-2">
        {flagged.map((d) => (
          <li key={d.id} className="text-sm">
            <p>
              {CAUSE_LABELS[d.cause as keyof typeof CAUSE_LABELS]} delay, {hoursText(String(d.hours))} h: {String(d.description)}
            </p>
            {d.changeOrderId ? (
              <a href={`/change-orders/${String(d.changeOrderId)}`} className="font-medium text-brand-700 hover:underline">
                {String(d.changeOrderLabel)} started from this delay
              </a>
            ) : canStart ? (
              <PostForm>
                <input type="hidden" name="intent" value="start-change-order" />
                <input type="hidden" name="delayId" value={d.id} />
                <button type="submit" className={`${bigButton} mt-1 border border-amber-400 bg-white text-amber-900 hover:bg-amber-100`}>
                  Start change order draft
                </button>
              </PostForm>
            ) : (
              <p className="font-medium text-amber-900">Flagged for the project manager.</p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Addenda({ addenda, version, canWrite, result }: { addenda: ReadDailyLog["addenda"]; version: number; canWrite: boolean; result: PostResult }) {
  const errors = errorsOf(result, "add-addendum");
  const posted = resultOf(result, "add-addendum")?.initialValue;
  return (
    <Panel title="Addenda" help="Corrections and late notes to the submitted log. They are kept as written.">
      {addenda.length ? (
        <ol className="space-y-2">
          {addenda.map((a) => (
            <li key={a.id} className="rounded border border-slate-200 p-3 text-sm" data-testid="addendum">
              <p className="whitespace-pre-line">{a.body}</p>
              <p className="mt-1 text-xs text-slate-500">
                {a.author} · <DateTime value={a.createdAt} />
              </p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="text-sm text-slate-500">No addenda.</p>
      )}
      {canWrite ? (
        <PostForm key={version} className="space-y-2" aria-label="Add addendum" outbox="Daily log: addendum">
          <input type="hidden" name="intent" value="add-addendum" />
          <input type="hidden" name="version" value={version} />
          <FormErrors errors={errors[""] ?? undefined} />
          <Labeled name="body" label="Add addendum" errors={errors.body}>
            <textarea id="body" name="body" rows={3} maxLength={4000} defaultValue={String(posted?.body ?? "")} className={`${inputClass} text-base`} />
          </Labeled>
          <button type="submit" className={`${bigButton} bg-brand-600 text-white hover:bg-brand-700`}>Add addendum</button>
        </PostForm>
      ) : null}
    </Panel>
  );
}

/** Copy the previous log's manpower into this draft (asks to confirm when it already has some). */
export function CopyManpower({ version, hasManpower, result }: { version: number; hasManpower: boolean; result: PostResult }) {
  const errors = errorsOf(result, "copy-manpower");
  return (
    <PostForm className="flex flex-wrap items-center gap-3 rounded bg-slate-50 p-3" aria-label="Copy yesterday's manpower">
      <input type="hidden" name="intent" value="copy-manpower" />
      <input type="hidden" name="version" value={version} />
      <div className="w-full">
        <FormErrors errors={errors[""] ?? undefined} />
      </div>
      <button type="submit" className={`${bigButton} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}>
        Copy yesterday&apos;s manpower
      </button>
      {hasManpower ? (
        <label className="inline-flex min-h-11 items-center gap-2 text-sm">
          <input type="checkbox" name="replace" className="h-6 w-6 rounded border-slate-400" /> Replace the crews entered
        </label>
      ) : null}
    </PostForm>
  );
}

export function SubmitLog({ version, result }: { version: number; result: PostResult }) {
  const errors = errorsOf(result, "submit");
  return (
    <PostForm className="space-y-2 rounded border-2 border-brand-600 bg-white p-4" aria-label="Submit the log">
      <input type="hidden" name="intent" value="submit" />
      <input type="hidden" name="version" value={version} />
      <FormErrors errors={errors[""] ?? undefined} />
      <p className="text-sm text-slate-600">Save each section first. Submitting locks the log; later corrections are added as addenda.</p>
      <button type="submit" className={`${bigButton} w-full bg-brand-600 text-white hover:bg-brand-700`}>Submit the log</button>
    </PostForm>
  );
}
