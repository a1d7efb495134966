import { useEffect, type RefObject } from "react";

/** Marks an input (or a select) as a cell of a paste grid (useGridPaste). */
export const GRID_CELL = { "data-grid-cell": "" } as const;

/** Rows of tab-separated cells, as a spreadsheet puts a copied block on the clipboard. */
export function clipboardBlock(text: string): string[][] {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\n$/, "")
    .split("\n")
    .map((line) => line.split("\t").map((cell) => cell.trim()));
}

type GridCell = HTMLInputElement | HTMLSelectElement;

/** The option a pasted cell names: its value, its label, or the label's first word (the code "03" of "03 Concrete"). */
export function matchingOption(select: Pick<HTMLSelectElement, "options">, text: string): { value: string } | undefined {
  const wanted = text.trim().toLowerCase();
  const options = [...select.options];
  return (
    options.find((o) => o.value.toLowerCase() === wanted || o.text.trim().toLowerCase() === wanted) ??
    (wanted ? options.find((o) => o.text.trim().toLowerCase().split(/\s+/)[0] === wanted) : undefined)
  );
}

/**
 * With JavaScript, a block of cells copied from Excel and pasted into one cell of the grid fills
 * that cell and the ones to its right and below (cells are the `GRID_CELL` inputs and selects of
 * each table row, in order; a select takes the option the text names, else keeps its choice); what
 * falls outside the grid is dropped. A single value pastes as usual. Without
 * JavaScript the grid is a plain form: Tab moves along a row, one post saves every line.
 */
export function useGridPaste(ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const grid = ref.current;
    if (!grid) return;
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target;
      const block = clipboardBlock(event.clipboardData?.getData("text/plain") ?? "");
      if (!(target instanceof HTMLInputElement) || !target.hasAttribute("data-grid-cell") || (block.length === 1 && block[0].length === 1)) return;
      const rows = [...grid.querySelectorAll("tr")].map((tr) => [...tr.querySelectorAll<GridCell>("[data-grid-cell]")]).filter((r) => r.length);
      const row = rows.findIndex((r) => r.includes(target));
      const column = rows[row].indexOf(target);
      event.preventDefault();
      block.forEach((cells, i) =>
        cells.forEach((value, j) => {
          const input = rows[row + i]?.[column + j];
          if (!input || input.disabled || ("readOnly" in input && input.readOnly)) return;
          if (input instanceof HTMLSelectElement) {
            const option = matchingOption(input, value);
            if (!option) return;
            input.value = option.value;
            input.dispatchEvent(new Event("change", { bubbles: true }));
            return;
          }
          input.value = value;
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }),
      );
    };
    grid.addEventListener("paste", onPaste);
    return () => grid.removeEventListener("paste", onPaste);
  }, [ref]);
}
