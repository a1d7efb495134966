/**
 * The search box's text as the search uses it, and the highlighting of what matched. Browser-safe.
 * Highlighting returns plain segments that the page renders as text and <mark> elements, so the
 * record's text is always escaped by React — never HTML.
 */
import { z } from "zod";
import { moneyString, parseMoneyInput } from "~/utils/money";

export const SEARCH_MAX = 100;
/** Shorter than this the trigram index would match most of the organization: the page asks for more. */
export const SEARCH_MIN = 2;

export const searchText = z
  .string()
  .transform((s) => s.replace(/\s+/g, " ").trim())
  .pipe(
    z
      .string()
      .max(SEARCH_MAX, `Search for at most ${SEARCH_MAX} characters.`)
      .regex(/^[^\0]*$/, "The search holds a character that cannot be searched."),
  );

/** The amount the text is, to the cent ("12,500" and "12500.00" → "12500.00"), or null. */
export function searchAmount(text: string): string | null {
  if (!/\d/.test(text)) return null;
  const value = parseMoneyInput(text);
  return value ? moneyString(value) : null;
}

export type Segment = { text: string; mark: boolean };

/** The words of the query worth marking (two characters or more), longest first. */
export function queryWords(query: string): string[] {
  const words = query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= SEARCH_MIN);
  return [...new Set(words)].sort((a, b) => b.length - a.length);
}

/**
 * `text` split into segments with the whole query, or else each of its words, marked
 * (case-insensitive). No match: one unmarked segment.
 */
export function highlight(text: string, query: string): Segment[] {
  const lower = text.toLowerCase();
  const whole = query.trim().toLowerCase();
  const needles = whole.length >= SEARCH_MIN && lower.includes(whole) ? [whole] : queryWords(query);
  const marked = new Array<boolean>(text.length).fill(false);
  for (const needle of needles) {
    for (let at = lower.indexOf(needle); at !== -1; at = lower.indexOf(needle, at + needle.length)) {
      marked.fill(true, at, at + needle.length);
    }
  }
  // toLowerCase can change a string's length (rare letters): then mark nothing rather than the wrong letters.
  if (lower.length !== text.length) return [{ text, mark: false }];
  const segments: Segment[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = segments[segments.length - 1];
    if (last && last.mark === marked[i]) last.text += text[i];
    else segments.push({ text: text[i], mark: marked[i] });
  }
  return segments.length ? segments : [{ text, mark: false }];
}

export const hasMark = (segments: Segment[]) => segments.some((s) => s.mark);
