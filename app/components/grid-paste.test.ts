import { describe, expect, it } from "vitest";
import { clipboardBlock } from "./grid-paste";

describe("clipboardBlock", () => {
  it("reads a block copied from a spreadsheet: tab-separated cells, CRLF rows, the trailing newline dropped", () => {
    expect(clipboardBlock("1,250.00\t300\r\n2,000.00\t\r\n")).toEqual([
      ["1,250.00", "300"],
      ["2,000.00", ""],
    ]);
    expect(clipboardBlock("42")).toEqual([["42"]]);
  });
});
