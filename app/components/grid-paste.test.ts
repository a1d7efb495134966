import { describe, expect, it } from "vitest";
import { clipboardBlock, matchingOption } from "./grid-paste";

describe("clipboardBlock", () => {
  it("reads a block copied from a spreadsheet: tab-separated cells, CRLF rows, the trailing newline dropped", () => {
    expect(clipboardBlock("1,250.00\t300\r\n2,000.00\t\r\n")).toEqual([
      ["1,250.00", "300"],
      ["2,000.00", ""],
    ]);
    expect(clipboardBlock("42")).toEqual([["42"]]);
  });
});

describe("matchingOption", () => {
  const select = { options: [{ value: "", text: "No cost code" }, { value: "id-03", text: "03 Concrete" }, { value: "id-09", text: "09 Finishes" }] } as unknown as Pick<HTMLSelectElement, "options">;
  it("takes the option a pasted cell names by value, label or the label's first word (a cost code); an unknown one is none", () => {
    expect(matchingOption(select, "09 finishes")?.value).toBe("id-09");
    expect(matchingOption(select, "03")?.value).toBe("id-03");
    expect(matchingOption(select, "id-03")?.value).toBe("id-03");
    expect(matchingOption(select, "No cost code")?.value).toBe("");
    expect(matchingOption(select, "26")).toBeUndefined();
    expect(matchingOption(select, "")?.value).toBe(""); // an empty cell clears the choice
  });
});
