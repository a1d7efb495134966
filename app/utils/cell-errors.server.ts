/**
 * The refusal of a grid post (many lines in one form): every bad cell gets its message under its
 * own field name ("lines[3].scheduledValue"), so the user sees them all at once, and nothing is
 * written while there is any (the service throws before its first write, or the transaction rolls
 * back).
 */
export class CellErrors extends Error {
  constructor(
    readonly fieldErrors: Record<string, string[]>,
    readonly formErrors: string[] = [],
  ) {
    super([...formErrors, ...Object.values(fieldErrors).flat()].join(" "));
  }
}

/** Collects the problems of a grid's rows; `throwIfAny` refuses the whole post when there are some. */
export function cellErrors(list = "lines") {
  const fieldErrors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  return {
    cell(row: number, field: string, message: string) {
      (fieldErrors[`${list}[${row}].${field}`] ??= []).push(message);
    },
    form(message: string) {
      formErrors.push(message);
    },
    throwIfAny() {
      if (formErrors.length || Object.keys(fieldErrors).length)
        throw new CellErrors(fieldErrors, formErrors);
    },
  };
}
