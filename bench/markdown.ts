/** Formatting shared by the benchmark tables. */

export const mark = (ok: boolean) => (ok ? "✅" : "❌");

/** Milliseconds for reading: whole numbers from 100 up, one decimal below. */
export const ms = (v: number) => (v >= 100 ? String(Math.round(v)) : v.toFixed(1));

/** Text inside a table cell's code span. */
export const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("`", "'");
