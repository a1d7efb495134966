/**
 * G702/G703-style pay application math (DOMAIN.md "Pay application"). Pure and browser-safe;
 * persistence calls these functions. Every amount is taken to the cent on entry, every per-line
 * figure rounds half-up, and every summary line is the sum of the rounded lines.
 *
 * Columns of a line: C scheduled value, D previous applications (previous D + E; stored
 * material is never carried into D), E this period, F materials presently stored, G = D + E + F,
 * H = C − G, I retainage = round(rate × (D + E)) + round(stored rate × F).
 *
 * Decisions where DOMAIN.md is silent:
 * - Line rates: each line carries its rate, its own (`ownRetainageRate`) or the contract's default.
 * - Bands (app/domains/contracts/retainage-bands.ts). percent_complete bands are step-downs: when
 *   Σ G ÷ contract sum to date (exact, stored material included) is ≥ a band's from ÷ 100, the
 *   last such band's rate replaces every line's rate for completed work and for stored material,
 *   but never raises one (effective rate = min(line rate, band rate)). Retainage is recomputed on
 *   the whole to-date amount, so line 5 drops and the difference is paid in that line 8. The old
 *   `retainageStepDownRate` is the band from 50% at that rate. amount_billed bands are marginal
 *   over B = Σ (D + E) of the lines at the default rate (stored material keeps its stored rate):
 *   round(marginal retainage of B) is spread over those lines in proportion to their D + E with
 *   allocate(), so lines are whole cents and 5a ties to the bands exactly; lines with their own
 *   rate keep it. Each line's shown rate is then the blended one (held ÷ B, 6 places).
 * - Released retainage: a release application (computeRetainageRelease) pays retainage out;
 *   later progress applications subtract each line's released-to-date amount from the retainage
 *   its rate gives (on completed work first, then on stored material), never past zero, so
 *   released retainage is not withheld again.
 * - Cap: cap = round(cap rate × contract sum to date). When line 5 would exceed it, the positive
 *   retainage parts (completed and stored of every line) are scaled down with allocate() so line
 *   5 equals the cap exactly; no part exceeds its uncapped value. Order: rate (bands),
 *   then released, then cap.
 * - Deductive lines (C < 0, a deductive prime change order on its own line) mirror the rules:
 *   progress runs from 0 towards C, G may not go past C or past zero, stored material is refused,
 *   and their retainage is a credit (negative I).
 * - The schedule of values must total the contract sum to date (Σ C = line 3); a mismatch is
 *   refused like a line error, with key null.
 * - Opening position (a job onboarded part way, ADR 0013): the retainage each line held at the
 *   opening is carried exactly. openingRetainageDifferences gives, per line, retainage held at
 *   opening − what these rules give on the opening figures (0 when the old certificates used the
 *   same terms); every later application adds that constant to the line's retainage on completed
 *   work, before released retainage and the cap. So retainage = opening held + the rule's
 *   retainage on progress since the opening, and a job whose old certificates used the same terms
 *   ties to the cent to one billed in the app from the start.
 */
import type Decimal from "decimal.js";
import { allocate, dec, formatAmount, roundMoney, sumMoney, type MoneyInput } from "~/utils/money";
import {
  bandRateAtCompletion,
  marginalRetainage,
  stepDownBands,
  steppedRate,
  type RetainageBand,
  type RetainageBandBasis,
  type RetainageBandTerms,
} from "../contracts/retainage-bands";

export interface PayAppLineInput {
  key: string;
  description: string;
  /** C: original SOV line or approved prime change order line. */
  scheduledValue: string;
  /** D: previous certified application's D + E for this line. */
  previousCompleted: string;
  /** F of the previous certified application. */
  previousStored: string;
  /** E: work completed this period (see thisPeriodFromPercent for % entry). */
  thisPeriod: string;
  /** F: materials presently stored at the end of this period. */
  storedNow: string;
  /** Fraction on completed work, e.g. "0.05". */
  retainageRate: string;
  /** Fraction on stored material; defaults to retainageRate. */
  storedRetainageRate?: string;
  /** The line has its own rate (not the contract's default): amount_billed bands leave it alone. */
  ownRetainageRate?: boolean;
  /** An explicit correction entry: allows progress to go backwards. */
  correction?: boolean;
  /** Retainage on this line already paid out by release applications, to date. */
  retainageReleased?: string;
  /** Opening position: retainage held at opening beyond the rule's (openingRetainageDifferences). */
  retainageOpeningDifference?: string;
}

export interface RetainageTerms {
  /** Cap of retainage held, as a fraction of the contract sum to date. */
  retainageCapRate?: string | null;
  /** Rate that replaces line rates once the project is ≥ 50% complete (a percent_complete band at 50). */
  retainageStepDownRate?: string | null;
  /** The contract's default rate: the base of amount_billed bands (else the first default-rate line's rate). */
  retainageRate?: string | null;
  retainageBandBasis?: RetainageBandBasis | null;
  retainageBands?: RetainageBand[] | null;
}

export interface PayAppInput {
  originalContractSum: string;
  /** Net change by approved prime change orders. */
  netChangeByChangeOrders: string;
  /** Line 6 of the previous certified application ("0.00" for the first). */
  previousCertificates: string;
  lines: PayAppLineInput[];
  terms?: RetainageTerms;
}

export interface PayAppLine {
  key: string;
  description: string;
  scheduledValue: string; // C
  previousCompleted: string; // D
  thisPeriod: string; // E
  previousStored: string;
  storedNow: string; // F
  completedToDate: string; // D + E
  totalCompletedAndStored: string; // G
  /** G ÷ C as a percentage with 2 decimals ("84.97"); "0.00" when C = 0. */
  percentComplete: string;
  balanceToFinish: string; // H
  /** Effective rates after step-down. */
  retainageRate: string;
  storedRetainageRate: string;
  retainageOnCompleted: string;
  retainageOnStored: string;
  retainage: string; // I
  retainageReleased: string;
}

export interface G702Summary {
  line1OriginalContractSum: string;
  line2NetChangeByChangeOrders: string;
  line3ContractSumToDate: string;
  line4CompletedAndStoredToDate: string;
  line5aRetainageOnCompleted: string;
  line5bRetainageOnStored: string;
  line5TotalRetainage: string;
  line6EarnedLessRetainage: string;
  line7PreviousCertificates: string;
  line8CurrentPaymentDue: string;
  line9BalanceToFinishIncludingRetainage: string;
}

export type PayAppErrorCode =
  | "overBilled"
  | "negativeProgress"
  | "negativeStored"
  | "negativeCompleted"
  | "storedOnDeductiveLine"
  | "scheduleMismatch"
  | "releaseNotPositive"
  | "releaseExceedsHeld"
  | "releaseNegative"
  | "releaseExceedsLine"
  | "releaseTotalMismatch"
  | "heldMismatch";

export interface PayAppError {
  /** The line's key; null for an error of the whole application. */
  key: string | null;
  code: PayAppErrorCode;
  message: string;
}

export interface PayAppResult {
  lines: PayAppLine[];
  summary: G702Summary;
  /** Every refusal at once; an application with errors must not be saved or certified. */
  errors: PayAppError[];
  /** Σ G ÷ contract sum to date as a percentage with 2 decimals. */
  percentComplete: string;
  steppedDown: boolean;
  /** round(cap rate × contract sum to date), null without a cap. */
  retainageCap: string | null;
  capped: boolean;
}

/** Decimal keeps the sign of zero (0 ÷ −500 is −0): shown as "0.00", never "-0.00". */
const withoutNegativeZero = (value: Decimal) => (value.isZero() ? dec(0) : value);

const money = (value: MoneyInput) => withoutNegativeZero(roundMoney(value)).toFixed(2);

const shown = formatAmount;

const atLeastZero = (value: Decimal) => (value.gt(0) ? value : dec(0));

const percentOf = (part: Decimal, whole: Decimal) => (whole.isZero() ? "0.00" : withoutNegativeZero(part.dividedBy(whole).times(100)).toFixed(2));

/** E for a "% complete to date" entry (percent, e.g. "62.5"): round(C × %) − D. */
export function thisPeriodFromPercent(line: Pick<PayAppLineInput, "scheduledValue" | "previousCompleted">, percentToDate: MoneyInput): string {
  const toDate = roundMoney(dec(line.scheduledValue).times(percentToDate).dividedBy(100));
  return money(toDate.minus(roundMoney(line.previousCompleted)));
}

/** What the next application takes as this line's D, previous F and released retainage. */
export function nextPrevious(line: PayAppLine, release?: Pick<RetainageReleaseLine, "released">) {
  return {
    previousCompleted: line.completedToDate,
    previousStored: line.storedNow,
    retainageReleased: money(dec(line.retainageReleased).plus(release?.released ?? 0)),
  };
}

interface Measured {
  input: PayAppLineInput;
  /** +1, or −1 for a deductive line: the direction progress runs in. */
  direction: 1 | -1;
  c: Decimal;
  d: Decimal;
  e: Decimal;
  f: Decimal;
  completed: Decimal;
  g: Decimal;
}

function measure(input: PayAppLineInput): Measured {
  const [c, d, e, f] = [input.scheduledValue, input.previousCompleted, input.thisPeriod, input.storedNow].map(roundMoney);
  const completed = d.plus(e);
  return { input, direction: c.lt(0) ? -1 : 1, c, d, e, f, completed, g: completed.plus(f) };
}

function lineErrors({ input, direction, c, e, f, completed, g }: Measured): PayAppError[] {
  const errors: PayAppError[] = [];
  const refuse = (code: PayAppErrorCode, message: string) => errors.push({ key: input.key, code, message: `Line "${input.description}": ${message}` });
  // G past zero needs D + E past zero or F < 0 (or F > 0 on a deductive line), all refused below.
  if (e.times(direction).lt(0) && !input.correction)
    refuse("negativeProgress", `work completed this period is ${shown(e)}; progress can go backwards only as an explicit correction.`);
  if (f.lt(0)) refuse("negativeStored", `materials presently stored cannot be negative (${shown(f)}).`);
  if (direction < 0 && f.gt(0))
    refuse("storedOnDeductiveLine", `a deductive line (scheduled value ${shown(c)}) cannot carry stored materials.`);
  if (completed.times(direction).lt(0))
    refuse("negativeCompleted", `work completed to date would be ${shown(completed)}, past zero.`);
  if (g.times(direction).gt(c.times(direction)))
    refuse(
      "overBilled",
      `completed and stored to date ${shown(g)} would exceed its scheduled value ${shown(c)}${c.isZero() ? "" : ` (${percentOf(g, c)}%)`}. ` +
        "Billing past 100% needs an approved change order on the schedule of values.",
    );
  return errors;
}

/** The application's bands: its own, or the old step-down rate as the band from 50%. */
export const bandTermsOf = (terms?: RetainageTerms): RetainageBandTerms =>
  terms?.retainageBandBasis && terms.retainageBands?.length
    ? { basis: terms.retainageBandBasis, bands: terms.retainageBands }
    : stepDownBands(terms?.retainageStepDownRate);

/**
 * Each line's effective rates and its retainage on completed work and stored material, before
 * released retainage and the cap (the bands rule of the header).
 */
function grossRetainage(measured: Measured[], bands: RetainageBandTerms, completion: Decimal, baseRate?: string | null) {
  const bandRate = bandRateAtCompletion(bands, completion);
  const lines = measured.map(({ input: line, completed, f }) => {
    const completedRate = steppedRate(line.retainageRate, bandRate);
    const storedRate = steppedRate(line.storedRetainageRate ?? line.retainageRate, bandRate);
    return { completedRate, storedRate, onCompleted: roundMoney(completed.times(completedRate)), onStored: roundMoney(f.times(storedRate)) };
  });
  const pool = measured.flatMap((m, i) => (m.input.ownRetainageRate ? [] : [i]));
  if (bands.basis === "amount_billed" && pool.length) {
    const billed = sumMoney(pool.map((i) => measured[i].completed));
    const base = baseRate ?? measured[pool[0]].input.retainageRate;
    const held = roundMoney(marginalRetainage(base, bands.bands, billed));
    const parts = allocate(held, pool.map((i) => measured[i].completed));
    const blended = billed.isZero() ? dec(base) : held.dividedBy(billed).toDecimalPlaces(6);
    pool.forEach((i, n) => Object.assign(lines[i], { completedRate: blended, onCompleted: parts[n] }));
  }
  return { lines, steppedDown: bandRate !== null };
}

/** The part of retainage still held after `released`, never past zero; and what is left of `released`. */
function lessReleased(gross: Decimal, released: Decimal, direction: 1 | -1): [Decimal, Decimal] {
  const net = gross.minus(released);
  const held = net.times(direction).lt(0) ? dec(0) : net;
  return [held, released.minus(gross.minus(held))];
}

/** Scales the positive parts down so all parts sum exactly to the cap; negative parts (credits) stay. */
function capParts(parts: Decimal[], cap: Decimal): Decimal[] {
  const positive = parts.flatMap((part, i) => (part.gt(0) ? [i] : []));
  const credits = sumMoney(parts.filter((part) => !part.gt(0)));
  const scaled = allocate(cap.minus(credits), positive.map((i) => parts[i]));
  const capped = [...parts];
  positive.forEach((i, n) => (capped[i] = scaled[n]));
  return capped;
}

export function computePayApplication(input: PayAppInput): PayAppResult {
  const measured = input.lines.map(measure);
  const line1 = roundMoney(input.originalContractSum);
  const line2 = roundMoney(input.netChangeByChangeOrders);
  const line3 = line1.plus(line2);
  const line4 = sumMoney(measured.map((m) => m.g));
  const completion = line3.isZero() ? dec(0) : line4.dividedBy(line3);

  const errors = measured.flatMap(lineErrors);
  const scheduled = sumMoney(measured.map((m) => m.c));
  if (!scheduled.eq(line3))
    errors.push({
      key: null,
      code: "scheduleMismatch",
      message: `The schedule of values totals ${shown(scheduled)} but the contract sum to date is ${shown(line3)}; every approved prime change order must be on the schedule.`,
    });

  const { lines: rates, steppedDown } = grossRetainage(measured, bandTermsOf(input.terms), completion, input.terms?.retainageRate);

  // Parts in pairs: [completed₀, stored₀, completed₁, stored₁, …], after released retainage.
  const heldParts = measured.flatMap(({ input: line, direction }, i) => {
    const onCompletedGross = rates[i].onCompleted.plus(roundMoney(line.retainageOpeningDifference ?? 0));
    const [onCompleted, releasedLeft] = lessReleased(onCompletedGross, roundMoney(line.retainageReleased ?? 0), direction);
    const [onStored] = lessReleased(rates[i].onStored, releasedLeft, direction);
    return [onCompleted, onStored];
  });
  const capRate = input.terms?.retainageCapRate;
  const cap = capRate ? roundMoney(line3.times(capRate)) : null;
  const capped = cap !== null && sumMoney(heldParts).gt(cap);
  const parts = capped ? capParts(heldParts, cap) : heldParts;

  const lines = measured.map((m, i): PayAppLine => {
    const [onCompleted, onStored] = [parts[2 * i], parts[2 * i + 1]];
    return {
      key: m.input.key,
      description: m.input.description,
      scheduledValue: money(m.c),
      previousCompleted: money(m.d),
      thisPeriod: money(m.e),
      previousStored: money(m.input.previousStored),
      storedNow: money(m.f),
      completedToDate: money(m.completed),
      totalCompletedAndStored: money(m.g),
      percentComplete: percentOf(m.g, m.c),
      balanceToFinish: money(m.c.minus(m.g)),
      retainageRate: rates[i].completedRate.toString(),
      storedRetainageRate: rates[i].storedRate.toString(),
      retainageOnCompleted: money(onCompleted),
      retainageOnStored: money(onStored),
      retainage: money(onCompleted.plus(onStored)),
      retainageReleased: money(m.input.retainageReleased ?? 0),
    };
  });

  return {
    lines,
    summary: summarize({
      line1,
      line2,
      line4,
      line5a: sumMoney(lines.map((l) => l.retainageOnCompleted)),
      line5b: sumMoney(lines.map((l) => l.retainageOnStored)),
      line7: roundMoney(input.previousCertificates),
    }),
    errors,
    percentComplete: percentOf(line4, line3),
    steppedDown,
    retainageCap: cap === null ? null : money(cap),
    capped,
  };
}

/**
 * Per line of an opening position (D = work completed, F = stored, no E), the retainage held at the
 * opening (`held`, by key) less what computePayApplication gives on those figures with the same
 * rates and retainage bands, before any cap. Feed it back as retainageOpeningDifference.
 */
export function openingRetainageDifferences(input: PayAppInput, held: Record<string, string>): Record<string, string> {
  const { terms, lines } = input;
  const rule = computePayApplication({
    ...input,
    terms: { ...terms, retainageCapRate: null },
    lines: lines.map(({ retainageOpeningDifference: _difference, retainageReleased: _released, ...line }) => line),
  });
  return Object.fromEntries(rule.lines.map((line) => [line.key, money(dec(held[line.key] ?? 0).minus(line.retainage))]));
}

function summarize(figures: { line1: Decimal; line2: Decimal; line4: Decimal; line5a: Decimal; line5b: Decimal; line7: Decimal }): G702Summary {
  const { line1, line2, line4, line5a, line5b, line7 } = figures;
  const line3 = line1.plus(line2);
  const line5 = line5a.plus(line5b);
  const line6 = line4.minus(line5);
  return {
    line1OriginalContractSum: money(line1),
    line2NetChangeByChangeOrders: money(line2),
    line3ContractSumToDate: money(line3),
    line4CompletedAndStoredToDate: money(line4),
    line5aRetainageOnCompleted: money(line5a),
    line5bRetainageOnStored: money(line5b),
    line5TotalRetainage: money(line5),
    line6EarnedLessRetainage: money(line6),
    line7PreviousCertificates: money(line7),
    line8CurrentPaymentDue: money(line6.minus(line7)),
    line9BalanceToFinishIncludingRetainage: money(line3.minus(line6)),
  };
}

/** Retainage held on a line as last certified (a PayAppLine, or a line after an earlier release). */
export type RetainageHeldLine = Pick<PayAppLine, "key" | "description" | "retainageOnCompleted" | "retainageOnStored">;

export interface RetainageReleaseInput {
  /** G702 of the latest certified application (progress or release): lines 1–4 carry over. */
  previous: G702Summary;
  lines: RetainageHeldLine[];
  /**
   * An amount to release (partial, spread in proportion), "final" to release all retainage held,
   * or an amount per line (lines left out release nothing); `total`, when entered too, must be their sum.
   */
  release: string | "final" | { lines: { key: string; amount: string }[]; total?: string | null };
}

export interface RetainageReleaseLine {
  key: string;
  description: string;
  released: string;
  releasedOnCompleted: string;
  releasedOnStored: string;
  /** Held after the release: retainageOnCompleted/OnStored of this line from now on. */
  retainageOnCompleted: string;
  retainageOnStored: string;
  retainage: string;
}

export interface RetainageReleaseResult {
  lines: RetainageReleaseLine[];
  /** Lines 1–4 as before; line 5 drops by the release, line 6 rises by it, line 8 = the release. */
  summary: G702Summary;
  errors: PayAppError[];
  released: string;
}

/**
 * A retainage release application. A partial release is spread over the lines holding retainage
 * in proportion to what each holds (allocate, so the lines sum exactly to the release); "final"
 * releases exactly what each line holds. Within a line the release comes out of retainage on
 * completed work first, then stored material: the same order progress applications use for
 * released-to-date, so the next application's 5a/5b match. Credits of deductive lines are
 * released only by a final release. Amounts entered per line are taken as they are: each at
 * least zero and at most what its line holds, more than zero in all.
 */
function enteredReleases(
  held: { line: RetainageHeldLine; total: Decimal }[],
  release: { lines: { key: string; amount: string }[]; total?: string | null },
  errors: PayAppError[],
): Decimal[] {
  const entered = new Map(release.lines.map((l) => [l.key, roundMoney(l.amount)]));
  const perLine = held.map((h) => entered.get(h.line.key) ?? dec(0));
  const count = errors.length;
  held.forEach(({ line, total }, i) => {
    const refuse = (code: PayAppErrorCode, message: string) => errors.push({ key: line.key, code, message: `Line "${line.description}": ${message}` });
    if (perLine[i].lt(0)) refuse("releaseNegative", `a release cannot be negative (${shown(perLine[i])}).`);
    else if (perLine[i].gt(atLeastZero(total))) refuse("releaseExceedsLine", `the release of ${shown(perLine[i])} is more than the ${shown(atLeastZero(total))} of retainage it holds.`);
  });
  const sum = sumMoney(perLine);
  if (!sum.gt(0)) errors.push({ key: null, code: "releaseNotPositive", message: `A retainage release must be more than zero (${shown(sum)} was entered over the lines).` });
  else if (release.total && !roundMoney(release.total).eq(sum))
    errors.push({ key: null, code: "releaseTotalMismatch", message: `The lines release ${shown(sum)} in all but the total entered is ${shown(release.total)}: enter one or make them agree.` });
  return errors.length > count ? held.map(() => dec(0)) : perLine;
}

export function computeRetainageRelease(input: RetainageReleaseInput): RetainageReleaseResult {
  const held = input.lines.map((line) => {
    const [onCompleted, onStored] = [line.retainageOnCompleted, line.retainageOnStored].map(roundMoney);
    return { line, onCompleted, onStored, total: onCompleted.plus(onStored) };
  });
  const totalHeld = sumMoney(held.map((h) => h.total));
  const errors: PayAppError[] = [];
  const refuse = (code: PayAppErrorCode, message: string) => errors.push({ key: null, code, message });
  if (!totalHeld.eq(input.previous.line5TotalRetainage))
    refuse("heldMismatch", `The lines hold ${shown(totalHeld)} of retainage but the last certified application holds ${shown(input.previous.line5TotalRetainage)}.`);

  let perLine = held.map((h) => h.total);
  if (typeof input.release === "object") perLine = enteredReleases(held, input.release, errors);
  else if (input.release !== "final") {
    const amount = roundMoney(input.release);
    if (!amount.gt(0)) refuse("releaseNotPositive", `A retainage release must be more than zero (${shown(amount)} was entered).`);
    else if (amount.gt(totalHeld)) refuse("releaseExceedsHeld", `The release of ${shown(amount)} is more than the ${shown(totalHeld)} of retainage held.`);
    perLine = errors.length ? held.map(() => dec(0)) : allocate(amount, held.map((h) => atLeastZero(h.total)));
  }

  const lines = held.map(({ line, onCompleted, onStored, total }, i): RetainageReleaseLine => {
    const direction = total.lt(0) ? -1 : 1;
    const [completedLeft, releaseLeft] = lessReleased(onCompleted, perLine[i], direction);
    const [storedLeft] = lessReleased(onStored, releaseLeft, direction);
    return {
      key: line.key,
      description: line.description,
      released: money(perLine[i]),
      releasedOnCompleted: money(onCompleted.minus(completedLeft)),
      releasedOnStored: money(onStored.minus(storedLeft)),
      retainageOnCompleted: money(completedLeft),
      retainageOnStored: money(storedLeft),
      retainage: money(completedLeft.plus(storedLeft)),
    };
  });
  const { previous } = input;
  return {
    lines,
    summary: summarize({
      line1: dec(previous.line1OriginalContractSum),
      line2: dec(previous.line2NetChangeByChangeOrders),
      line4: dec(previous.line4CompletedAndStoredToDate),
      line5a: sumMoney(lines.map((l) => l.retainageOnCompleted)),
      line5b: sumMoney(lines.map((l) => l.retainageOnStored)),
      line7: dec(previous.line6EarnedLessRetainage),
    }),
    errors,
    released: money(sumMoney(perLine)),
  };
}
