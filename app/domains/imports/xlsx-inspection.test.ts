import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_LIMITS, type UploadLimits } from "./upload-limits";
import { inspectXlsx, inspectXlsxFile, type XlsxInspection } from "./xlsx-inspection.server";

const MB = 1024 * 1024;

async function workbook(sheets: Record<string, unknown[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Unzips, lets the test change the parts, zips again (same order of parts). */
function rezip(buffer: Buffer, change: (parts: Record<string, Uint8Array>) => void, level: 0 | 9 = 9): Buffer {
  const parts = unzipSync(buffer);
  change(parts);
  return Buffer.from(zipSync(parts as Zippable, { level }));
}

function text(parts: Record<string, Uint8Array>, name: string) {
  return Buffer.from(parts[name]).toString("utf8");
}

/** Rewrites a header field of one entry in both its local header and the central directory, as a forger would. */
function forgeHeader(zip: Buffer, name: string, field: "uncompressedSize" | "flags" | "method", value: number): Buffer {
  const forged = Buffer.from(zip);
  const headers = [
    { signature: 0x04034b50, nameLengthAt: 26, nameAt: 30, fields: { flags: 6, method: 8, uncompressedSize: 22 } },
    { signature: 0x02014b50, nameLengthAt: 28, nameAt: 46, fields: { flags: 8, method: 10, uncompressedSize: 24 } },
  ];
  let patched = 0;
  for (let offset = 0; offset < forged.length - 46; offset++) {
    for (const header of headers) {
      if (forged.readUInt32LE(offset) !== header.signature) continue;
      const nameLength = forged.readUInt16LE(offset + header.nameLengthAt);
      if (forged.toString("utf8", offset + header.nameAt, offset + header.nameAt + nameLength) !== name) continue;
      const at = offset + header.fields[field];
      if (field === "uncompressedSize") forged.writeUInt32LE(value, at);
      else forged.writeUInt16LE(value, at);
      patched++;
    }
  }
  expect(patched).toBe(2);
  return forged;
}

function refused(result: XlsxInspection) {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.sheets)}`);
  return result;
}

const limits = (overrides: Partial<UploadLimits>): UploadLimits => ({ ...DEFAULT_LIMITS, ...overrides });

let scratch: string;
let written = 0;
/** The same inspection from a file on disk, as an upload reaches it. */
async function inspectFromFile(bytes: Buffer, limits?: UploadLimits) {
  const file = path.join(scratch, `upload-${written++}.xlsx`);
  await writeFile(file, bytes);
  return inspectXlsxFile(file, limits);
}

let valid: Buffer;
let bomb: Buffer;
afterAll(() => rm(scratch, { recursive: true, force: true }));
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "secg-inspection-"));
  valid = await workbook({
    Projects: [
      ["Job number", "Name"],
      ["J-100", "Tower"],
      ["J-101", "Bridge"],
      ["J-102", "Depot"],
    ],
    "Vendors & Co": [
      ["Name", "Tax id"],
      ["Acme", "12-3456789"],
    ],
    Schedule: [],
  });
  // 200 MB of zeros deflate to about 200 KB: a real bomb, hidden as the first worksheet of a genuine workbook.
  bomb = rezip(valid, (parts) => void (parts["xl/worksheets/sheet1.xml"] = new Uint8Array(200 * MB)));
}, 60_000);

// Every check, message and code is the same whether the workbook is in memory (the validation job) or in a file (an upload).
describe.each([
  ["inspectXlsx (in memory)", inspectXlsx],
  ["inspectXlsxFile (from disk)", inspectFromFile],
])("%s", (_, inspect: (bytes: Buffer, limits?: UploadLimits) => Promise<XlsxInspection>) => {
  describe("accepts a genuine workbook", () => {
    it("lists its worksheets in order with their row estimates and part paths", async () => {
      const result = await inspect(valid);
      if (!result.ok) throw new Error(result.message);
      expect(result.sheets.map(({ name, path, rowsEstimate }) => ({ name, path, rowsEstimate }))).toEqual([
        { name: "Projects", path: "xl/worksheets/sheet1.xml", rowsEstimate: 4 },
        { name: "Vendors & Co", path: "xl/worksheets/sheet2.xml", rowsEstimate: 2 },
        { name: "Schedule", path: "xl/worksheets/sheet3.xml", rowsEstimate: 1 }, // exceljs declares A1:A1 for an empty sheet
      ]);
      expect(result.uncompressedBytes).toBeGreaterThan(valid.length);
    });

    it("returns the SHA-256 of the exact bytes, as node:crypto computes it", async () => {
      const result = await inspect(valid);
      expect(result.ok && result.sha256).toBe(createHash("sha256").update(valid).digest("hex"));
      const other = await inspect(rezip(valid, () => {}, 0));
      expect(other.ok && other.sha256).not.toBe(result.ok && result.sha256);
    });

    it("leaves the row estimate out when a sheet declares no dimension, and reads 0 for an empty <sheetData/>", async () => {
      const file = rezip(valid, (parts) => {
        parts["xl/worksheets/sheet1.xml"] = strToU8(text(parts, "xl/worksheets/sheet1.xml").replace(/<dimension[^>]*\/>/, ""));
        parts["xl/worksheets/sheet3.xml"] = strToU8(text(parts, "xl/worksheets/sheet3.xml").replace(/<dimension[^>]*\/>/, ""));
      });
      const result = await inspect(file);
      if (!result.ok) throw new Error(result.message);
      expect(result.sheets.map((sheet) => sheet.rowsEstimate)).toEqual([undefined, 2, 0]);
    });
  });

  describe("refuses the wrong size or type before opening the zip", () => {
    it("refuses an empty file", async () => {
      expect(refused(await inspect(Buffer.alloc(0)))).toMatchObject({ code: "empty", message: expect.stringContaining("empty") });
    });

    it("refuses a file over the size limit, saying both sizes", async () => {
      const result = refused(await inspect(valid, limits({ maxFileBytes: 1024 })));
      expect(result.code).toBe("file_too_large");
      expect(result.message).toContain("limited to 1 KB");
      expect(DEFAULT_LIMITS.maxFileBytes).toBe(20 * MB);
    });

    it("refuses a legacy .xls (OLE) file and tells the user to save it as .xlsx", async () => {
      const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
      const result = refused(await inspect(ole));
      expect(result.code).toBe("legacy_xls");
      expect(result.message).toMatch(/\.xls file.*save it as an Excel Workbook \(\.xlsx\)/);
    });

    it("refuses a CSV file", async () => {
      const csv = Buffer.from('Job number,Name,Contract value\r\nJ-100,Tower,"$1,234.50"\r\nJ-101,Café,99\r\n');
      const result = refused(await inspect(csv));
      expect(result.code).toBe("text_file");
      expect(result.message).toContain("CSV");
    });

    it("refuses random bytes as not an .xlsx file", async () => {
      const noise = Buffer.concat([Buffer.from([0x00, 0x01]), randomBytes(4096)]);
      expect(refused(await inspect(noise))).toMatchObject({
        code: "not_xlsx",
        message: expect.stringContaining("not an Excel .xlsx file"),
      });
    });

    it("refuses a truncated zip as damaged", async () => {
      expect(refused(await inspect(valid.subarray(0, Math.floor(valid.length / 2)))).code).toBe("damaged");
    });
  });

  describe("refuses unsafe zip structure from the central directory", () => {
    const withPart = (name: string) => rezip(valid, (parts) => void (parts[name] = strToU8("<x/>")));

    it.each([
      ["../evil.xml", "“..” segment"],
      ["xl/../../evil.xml", "“..” segment"],
      ["/etc/evil.xml", "absolute path"],
      ["C:/evil.xml", "absolute path"],
      ["xl\\evil.xml", "backslash"],
      ["xl/evil\0.xml", "NUL"],
    ])("refuses the entry name %j (path trick)", async (name, reason) => {
      const result = refused(await inspect(withPart(name)));
      expect(result.code).toBe("unsafe_path");
      expect(result.message).toContain(reason);
    });

    it("refuses two entries with the same (case-insensitive) name", async () => {
      const result = refused(await inspect(withPart("XL/Workbook.xml")));
      expect(result).toMatchObject({ code: "duplicate_entry", message: expect.stringContaining("XL/Workbook.xml") });
    });

    it("refuses more entries than the limit, before reading any of them", async () => {
      const crowded = rezip(valid, (parts) => {
        for (let i = 0; i < 30; i++) parts[`xl/media/image${i}.bin`] = strToU8("x");
      });
      const result = refused(await inspect(crowded, limits({ maxEntries: 25 })));
      expect(result.code).toBe("too_many_entries");
      expect(result.message).toMatch(/contains \d+ parts; .* at most 25/);
      expect(DEFAULT_LIMITS.maxEntries).toBe(10_000);
    });

    it("refuses an encrypted entry", async () => {
      const result = refused(await inspect(forgeHeader(valid, "xl/styles.xml", "flags", 0x1)));
      expect(result.code).toBe("encrypted");
    });

    it("refuses a compression method other than stored or deflate", async () => {
      const result = refused(await inspect(forgeHeader(valid, "xl/styles.xml", "method", 12)));
      expect(result).toMatchObject({ code: "unsupported_compression", message: expect.stringContaining("xl/styles.xml") });
    });
  });

  describe("refuses zip bombs without inflating them", () => {
    it("refuses the bomb by its declared expansion ratio, fast and without spending memory", async () => {
      expect(bomb.length).toBeLessThan(1 * MB);
      const memoryBefore = process.memoryUsage().arrayBuffers;
      const started = performance.now();
      const result = refused(await inspect(bomb));
      const elapsedMs = performance.now() - started;
      expect(result.code).toBe("zip_bomb");
      expect(result.message).toContain('"xl/worksheets/sheet1.xml"');
      expect(result.message).toContain("to 200 MB"); // the declared size, read from the central directory
      expect(elapsedMs).toBeLessThan(1000);
      expect(process.memoryUsage().arrayBuffers - memoryBefore).toBeLessThan(16 * MB);
    });

    it("refuses by total unzipped size even when no single entry looks like a bomb", async () => {
      const large = rezip(valid, (parts) => {
        for (let i = 0; i < 3; i++) parts[`xl/media/blob${i}.bin`] = randomBytes(400 * 1024);
      });
      const result = refused(await inspect(large, limits({ maxUncompressedBytes: 1 * MB })));
      expect(result).toMatchObject({ code: "unzipped_too_large", message: expect.stringContaining("more than 1.0 MB") });
    });

    it("refuses a single entry larger than the unzipped limit", async () => {
      const large = rezip(valid, (parts) => void (parts["xl/media/blob.bin"] = randomBytes(2 * MB)));
      const result = refused(await inspect(large, limits({ maxUncompressedBytes: 1 * MB })));
      expect(result).toMatchObject({
        code: "unzipped_too_large",
        message: expect.stringContaining('"xl/media/blob.bin" would unzip to 2.0 MB'),
      });
    });

    it("stops inflating a part whose header lies about its size", async () => {
      const padded = rezip(valid, (parts) => {
        parts["xl/workbook.xml"] = strToU8(text(parts, "xl/workbook.xml") + `<!--${" ".repeat(3 * MB)}-->`);
      });
      const lying = forgeHeader(padded, "xl/workbook.xml", "uncompressedSize", 1000);
      const memoryBefore = process.memoryUsage().arrayBuffers;
      const result = refused(await inspect(lying));
      expect(result.code).toBe("damaged");
      expect(process.memoryUsage().arrayBuffers - memoryBefore).toBeLessThan(2 * MB);
    });

    it("refuses a workbook.xml larger than the part cap", async () => {
      const padded = rezip(valid, (parts) => {
        parts["xl/workbook.xml"] = strToU8(text(parts, "xl/workbook.xml") + `<!--${" ".repeat(64 * 1024)}-->`);
      });
      expect(refused(await inspect(padded, limits({ maxPartBytes: 32 * 1024 }))).code).toBe("part_too_large");
    });
  });

  describe("checks the workbook's parts, sheets and rows", () => {
    it.each(["xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels"])("refuses a zip without %s", async (part) => {
      const result = refused(await inspect(rezip(valid, (parts) => void delete parts[part])));
      expect(result.code).toBe("missing_part");
      expect(result.message).toContain(`"${part}" part is missing`);
    });

    it("refuses a plain zip that is not a workbook at all", async () => {
      const zip = Buffer.from(zipSync({ "notes.txt": strToU8("hello") }));
      expect(refused(await inspect(zip)).code).toBe("missing_part");
    });

    it("refuses a workbook whose listed sheet has no data part", async () => {
      const result = refused(await inspect(rezip(valid, (parts) => void delete parts["xl/worksheets/sheet2.xml"])));
      expect(result).toMatchObject({ code: "missing_part", message: expect.stringContaining('"Vendors & Co"') });
    });

    it("refuses a sheet relationship that points outside the package", async () => {
      const file = rezip(valid, (parts) => {
        const rels = text(parts, "xl/_rels/workbook.xml.rels").replace('Target="worksheets/sheet1.xml"', 'Target="../../etc/passwd"');
        parts["xl/_rels/workbook.xml.rels"] = strToU8(rels);
      });
      expect(refused(await inspect(file)).code).toBe("unsafe_path");
    });

    it("refuses more sheets than the limit", async () => {
      const result = refused(await inspect(valid, limits({ maxSheets: 2 })));
      expect(result).toMatchObject({ code: "too_many_sheets", message: expect.stringContaining("3 sheets; at most 2") });
      expect(DEFAULT_LIMITS.maxSheets).toBe(20);
    });

    it("refuses a sheet whose dimension declares 1,000,000 rows, reading only the start of the sheet", async () => {
      const file = rezip(valid, (parts) => {
        parts["xl/worksheets/sheet2.xml"] = strToU8(
          text(parts, "xl/worksheets/sheet2.xml").replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:K1000000"/>')
        );
      });
      const result = refused(await inspect(file));
      expect(result.code).toBe("too_many_rows");
      expect(result.message).toContain('"Vendors & Co" has 1,000,000 rows; at most 200,000');
    });

    it("accepts a sheet right at the row limit", async () => {
      const result = await inspect(valid, limits({ maxRowsPerSheet: 4 }));
      expect(result.ok).toBe(true);
      expect(refused(await inspect(valid, limits({ maxRowsPerSheet: 3 }))).code).toBe("too_many_rows");
    });
  });
});

describe("inspectXlsxFile", () => {
  const openFiles = async () => (await readdir("/proc/self/fd")).length;

  it("closes the file however the inspection ends", async () => {
    const before = await openFiles();
    const crowded = rezip(valid, (parts) => {
      for (let i = 0; i < 30; i++) parts[`xl/media/image${i}.bin`] = strToU8("x");
    });
    expect((await inspectFromFile(valid)).ok).toBe(true);
    expect(refused(await inspectFromFile(crowded, limits({ maxEntries: 25 }))).code).toBe("too_many_entries");
    expect(refused(await inspectFromFile(bomb)).code).toBe("zip_bomb");
    expect(refused(await inspectFromFile(valid, limits({ maxRowsPerSheet: 3 }))).code).toBe("too_many_rows");
    expect(refused(await inspectFromFile(valid.subarray(0, valid.length - 10))).code).toBe("damaged");
    // yauzl closes its descriptor asynchronously once its last reader lets go.
    await vi.waitFor(async () => expect(await openFiles()).toBe(before));
  });

  it("hashes the file as it is on disk, as node:crypto hashes its bytes", async () => {
    const result = await inspectFromFile(valid);
    if (!result.ok) throw new Error(result.message);
    expect(result).toMatchObject({ sha256: createHash("sha256").update(valid).digest("hex"), byteSize: valid.length });
  });
});
