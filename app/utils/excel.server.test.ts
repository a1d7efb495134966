import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { TableColumn, TableRow } from "./data-table";
import { exportFilename, neutralizeCell, safeFilename, xlsxResponse } from "./excel.server";

const MONEY_FORMAT = '"$"#,##0.00;[Red]("$"#,##0.00)';

const columns: TableColumn[] = [
  { key: "name", label: "Name", type: "text" },
  { key: "status", label: "Status", type: "status" },
  { key: "amount", label: "Amount", type: "money", total: true },
  { key: "paidOn", label: "Paid on", type: "date" },
  { key: "createdAt", label: "Created", type: "datetime" },
];

const formulaNames = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"];

function row(i: number): TableRow {
  return {
    name: i < formulaNames.length ? formulaNames[i] : `Row ${i}`,
    status: "open",
    amount: i % 2 ? `-${i}.05` : `${i}.10`,
    paidOn: i % 10 === 9 ? null : `2024-02-${String(1 + (i % 28)).padStart(2, "0")}`,
    createdAt: "2024-05-06T07:08:09.000Z",
  };
}

async function* batches(count: number, size: number, before?: (batch: number) => Promise<void>) {
  for (let b = 0; b * size < count; b++) {
    await before?.(b);
    yield Array.from({ length: Math.min(size, count - b * size) }, (_, j) => row(b * size + j));
  }
}

async function readWorkbook(response: Response) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook.worksheets[0];
}

describe("neutralizeCell", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@foo", "'@foo"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["plain", "plain"],
    ["a=b", "a=b"],
    ["", ""],
    ["'quoted", "'quoted"],
  ])("%j → %j", (input, output) => expect(neutralizeCell(input)).toBe(output));
});

describe("safeFilename", () => {
  it("keeps a plain name and strips anything that could break the header", () => {
    expect(safeFilename("invoices-2024.xlsx")).toBe("invoices-2024.xlsx");
    expect(safeFilename('a"b\r\nSet-Cookie: x;/../..')).toBe("a-b-Set-Cookie-x.xlsx");
    expect(safeFilename("")).toBe("export.xlsx");
  });
});

describe("exportFilename", () => {
  it("names every export <what>-<project>-<date>.xlsx", () => {
    expect(exportFilename("job-cost", "N-2000", "2026-12-07")).toBe("job-cost-N-2000-2026-12-07.xlsx");
    expect(exportFilename("wip", null, "2026-12-07")).toBe("wip-2026-12-07.xlsx");
    expect(exportFilename("vendors")).toMatch(/^vendors-\d{4}-\d{2}-\d{2}\.xlsx$/);
  });
});

describe("xlsxResponse", () => {
  it("writes labels instead of keys, percents as Excel percents, a header filter and a printable page", async () => {
    const coded: TableColumn[] = [
      { key: "view", label: "View", type: "text", filter: { kind: "select", options: [{ value: "wip", label: "WIP schedule" }] } },
      { key: "status", label: "Status", type: "status" },
      { key: "complete", label: "% complete", type: "percent" },
    ];
    async function* rows() {
      yield [
        { view: "wip", status: "pending_approval", complete: "12.50" },
        { view: "other", status: "Approved", complete: "100.00" },
      ];
    }
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsxResponse({ filename: "x.xlsx", sheetName: "Coded", columns: coded, rows: rows() }).arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(2).values).toEqual([undefined, "WIP schedule", "Pending approval", 0.125]);
    expect(sheet.getRow(3).values).toEqual([undefined, "other", "Approved", 1]);
    expect(sheet.getRow(2).getCell(3).numFmt).toBe("0.00%");
    expect(sheet.autoFilter).toBe("A1:C3");
    expect(sheet.pageSetup).toMatchObject({ orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:1" });
  });


  it("streams a workbook with typed cells, neutralised text and a totals row", async () => {
    const count = 3000;
    const response = xlsxResponse({
      filename: "invoices.xlsx",
      sheetName: "Invoices",
      columns,
      rows: batches(count, 700),
      totals: { amount: "-12345678901.23" },
    });
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="invoices.xlsx"');
    expect(response.headers.get("Cache-Control")).toBe("no-store");

    const sheet = await readWorkbook(response);
    expect(sheet.name).toBe("Invoices");
    expect(sheet.rowCount).toBe(count + 2);
    expect(sheet.getRow(1).values).toEqual([undefined, "Name", "Status", "Amount", "Paid on", "Created"]);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });

    formulaNames.forEach((name, i) => {
      const cell = sheet.getRow(i + 2).getCell(1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      // XML turns a stored CR into LF on reading; what matters is the leading apostrophe
      expect(cell.value).toBe(`'${name}`.replace("\r", "\n"));
    });

    expect(sheet.getRow(2).getCell(2).value).toBe("Open"); // a status reads as on the page, not as its key
    const second = sheet.getRow(3);
    expect(second.getCell(3).value).toBe(-1.05);
    expect(second.getCell(3).numFmt).toBe(MONEY_FORMAT);
    expect(sheet.getRow(2).getCell(3).value).toBe(0.1);
    expect(second.getCell(4).value).toEqual(new Date("2024-02-02T00:00:00Z"));
    expect(second.getCell(4).numFmt).toBe("yyyy-mm-dd");
    expect(second.getCell(5).value).toEqual(new Date("2024-05-06T07:08:09.000Z"));
    expect(sheet.getRow(11).getCell(4).value).toBeNull();
    expect(sheet.getRow(count + 1).getCell(1).value).toBe(`Row ${count - 1}`);

    const totals = sheet.getRow(count + 2);
    expect(totals.getCell(1).value).toBe("Total");
    expect(totals.getCell(3).value).toBe(-12345678901.23);
    expect(totals.getCell(3).numFmt).toBe(MONEY_FORMAT);
    expect(totals.getCell(1).font?.bold).toBe(true);
  });

  it("writes labelled totals rows instead of the Total row, and status labels instead of keys", async () => {
    const response = xlsxResponse({
      filename: "split.xlsx",
      sheetName: "Split",
      columns,
      rows: (async function* () {
        yield [{ ...row(10), status: "pending_approval" }];
      })(),
      totals: { amount: "1.00" },
      totalRows: [
        { label: "Prime, excluding void", values: { amount: "1500.42" } },
        { label: "=Commitment", values: { amount: "0.00" } },
      ],
    });
    const sheet = await readWorkbook(response);
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(2).getCell(2).value).toBe("Pending approval");
    expect([2, 3, 4, 5].map((cell) => sheet.getRow(3).getCell(cell).value)).toEqual([null, 1500.42, null, null]);
    expect(sheet.getRow(3).getCell(1).value).toBe("Prime, excluding void");
    expect(sheet.getRow(4).getCell(1).value).toBe("'=Commitment");
    expect(sheet.getRow(4).getCell(3).value).toBe(0);
    expect(sheet.getRow(4).font?.bold).toBe(true);
  });

  it("sends bytes while rows are still being produced", async () => {
    let received = 0;
    const waitForBytes = async (batch: number) => {
      if (batch !== 15) return;
      for (let waited = 0; received === 0; waited += 10) {
        if (waited > 5000) throw new Error("nothing was streamed before the last batch");
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const response = xlsxResponse({ filename: "big", sheetName: "Big", columns, rows: batches(20_000, 1000, waitForBytes) });
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      received += next.value.length;
      chunks.push(next.value);
    }
    const sheet = await readWorkbook(new Response(Buffer.concat(chunks)));
    expect(sheet.rowCount).toBe(20_001);
  });

  it("stops pulling rows while the client is not reading, and stops for good when it leaves", async () => {
    let produced = 0;
    let waitingForPull = false;
    let closed = false;
    async function* slowClient() {
      try {
        for await (const batch of batches(200_000, 1000, async () => void produced++)) {
          waitingForPull = true;
          yield batch;
          waitingForPull = false;
        }
      } finally {
        closed = true;
      }
    }
    const response = xlsxResponse({ filename: "slow", sheetName: "Slow", columns, rows: slowClient() });
    // Nobody reads the body: production must stop once the stream's buffer is full, with the
    // generator parked at a yield that no pull resumes. Without backpressure it would run on to all
    // 200 batches. Checked by event-loop turns, not by time: a parked generator stays parked.
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    let unchangedTurns = 0;
    for (let last = -1; unchangedTurns < 200 && produced < 200; ) {
      await turn();
      unchangedTurns = waitingForPull && produced === last ? unchangedTurns + 1 : 0;
      last = produced;
    }
    const stalled = produced;
    expect(stalled).toBeLessThan(50);
    await response.body!.cancel();
    for (let turns = 0; !closed && turns < 10_000; turns++) await turn();
    expect(closed).toBe(true);
    expect(produced).toBe(stalled);
  });

  it("aborts the download when producing rows fails mid-stream", async () => {
    const failing = async (batch: number) => {
      if (batch === 3) throw new Error("database went away");
    };
    const response = xlsxResponse({ filename: "x", sheetName: "X", columns, rows: batches(10_000, 1000, failing) });
    await expect(response.arrayBuffer()).rejects.toThrow();
  });
});
