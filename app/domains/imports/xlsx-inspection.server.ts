import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { posix } from "node:path";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { fileSha256 } from "~/utils/file-hash.server";
import { DEFAULT_LIMITS, formatBytes, type UploadLimits } from "./upload-limits";

/**
 * Checks an uploaded masterfile before any parser touches it: file size and type, the zip's central directory (entry
 * count, names, encryption, declared sizes and ratios, so zip bombs are refused without inflating them), the workbook's
 * sheet list and each sheet's declared row count. Only workbook.xml, its relationships and the first few KB of each
 * worksheet are inflated, each under a hard byte cap.
 *
 * The dimension a sheet declares is a cheap estimate, not a guarantee: the streaming parser must still stop at
 * `maxRowsPerSheet` (a sheet without a dimension is only bounded here by the uncompressed-size limits).
 */

export type RefusalCode =
  | "empty"
  | "file_too_large"
  | "legacy_xls"
  | "text_file"
  | "not_xlsx"
  | "damaged"
  | "too_many_entries"
  | "unsafe_path"
  | "duplicate_entry"
  | "encrypted"
  | "unsupported_compression"
  | "unzipped_too_large"
  | "zip_bomb"
  | "missing_part"
  | "part_too_large"
  | "no_sheets"
  | "too_many_sheets"
  | "too_many_rows";

export type InspectedSheet = {
  name: string;
  /** The worksheet's part inside the zip, e.g. `xl/worksheets/sheet1.xml`. */
  path: string;
  /** Last row number the sheet's `<dimension>` declares (header included); absent when the sheet declares none. */
  rowsEstimate?: number;
  uncompressedBytes: number;
};

export type XlsxInspection =
  | { ok: true; sheets: InspectedSheet[]; sha256: string; byteSize: number; uncompressedBytes: number }
  | { ok: false; code: RefusalCode; message: string };

class Refusal extends Error {
  constructor(readonly code: RefusalCode, message: string) {
    super(message);
  }
}

const SAVE_AS_XLSX = "Open it in Excel and save it as an Excel Workbook (.xlsx), then upload that file.";
const WORKBOOK_PART = "xl/workbook.xml";
const WORKBOOK_RELS_PART = "xl/_rels/workbook.xml.rels";
const REQUIRED_PARTS = ["[Content_Types].xml", WORKBOOK_PART, WORKBOOK_RELS_PART];
const WORKSHEET_TYPE = /\/relationships\/worksheet$/;

/** Where the inspected bytes are: the file's size, its first KB, how to open it as a zip and its SHA-256. */
type XlsxSource = {
  size: number;
  head: Buffer;
  openZip(options: yauzl.Options): Promise<ZipFile>;
  sha256(): Promise<string>;
};

const HEAD_BYTES = 1024;

/** Inspects a workbook held in memory (the stored file a job reads back). */
export function inspectXlsx(buffer: Buffer, limits: UploadLimits = DEFAULT_LIMITS): Promise<XlsxInspection> {
  return inspect(
    {
      size: buffer.length,
      head: buffer.subarray(0, HEAD_BYTES),
      openZip: (options) => yauzl.fromBufferPromise(buffer, options),
      sha256: async () => createHash("sha256").update(buffer).digest("hex"),
    },
    limits
  );
}

/** Inspects a workbook on disk (an upload) without reading it whole: zip parts are read where they lie, the hash streams. */
export async function inspectXlsxFile(file: string, limits: UploadLimits = DEFAULT_LIMITS): Promise<XlsxInspection> {
  const handle = await open(file, "r");
  let source: XlsxSource;
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    // autoClose off: the sheets are read after the central directory, then the zip is closed below.
    source = { size, head, openZip: (options) => yauzl.openPromise(file, { ...options, autoClose: false }), sha256: () => fileSha256(file) };
  } finally {
    await handle.close();
  }
  return inspect(source, limits);
}

async function inspect(source: XlsxSource, limits: UploadLimits): Promise<XlsxInspection> {
  let zip: ZipFile | undefined;
  try {
    checkFileBytes(source.size, source.head, limits);
    zip = await openZip(source, limits);
    const entries = await readCentralDirectory(zip, limits);
    const sheets = await readSheets(zip, entries, limits);
    const uncompressedBytes = [...entries.values()].reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    return { ok: true, sheets, sha256: await source.sha256(), byteSize: source.size, uncompressedBytes };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, code: error.code, message: error.message };
    throw error;
  } finally {
    zip?.close();
  }
}

function checkFileBytes(size: number, head: Buffer, limits: UploadLimits) {
  if (size === 0) throw new Refusal("empty", "The file is empty. Choose the saved .xlsx workbook and upload it again.");
  if (size > limits.maxFileBytes) {
    throw new Refusal(
      "file_too_large",
      `The file is ${formatBytes(size)}; uploads are limited to ${formatBytes(
        limits.maxFileBytes
      )}. Split the data into several workbooks.`
    );
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return;
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    throw new Refusal(
      "legacy_xls",
      "This is an old-format Excel .xls file (or a password-protected workbook), which cannot be imported. " +
        "Open it in Excel and save it as an Excel Workbook (.xlsx) without a password, then upload that file."
    );
  }
  if (looksLikeText(head)) {
    throw new Refusal("text_file", `This looks like a CSV or text file, not an Excel workbook. ${SAVE_AS_XLSX}`);
  }
  throw new Refusal("not_xlsx", `This is not an Excel .xlsx file. ${SAVE_AS_XLSX}`);
}

function startsWith(buffer: Buffer, magic: number[]) {
  return buffer.length >= magic.length && magic.every((byte, i) => buffer[i] === byte);
}

/** No control bytes other than tab, CR, LF and form feed in the first KB: CSV, TSV, HTML, XML or plain text. */
function looksLikeText(head: Buffer) {
  const sample = head.subarray(0, HEAD_BYTES);
  if (startsWith(sample, [0xff, 0xfe]) || startsWith(sample, [0xfe, 0xff])) return true; // UTF-16 text export
  return sample.every((byte) => byte >= 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0c || byte === 0x0d);
}

async function openZip(source: XlsxSource, limits: UploadLimits): Promise<ZipFile> {
  let zip: ZipFile;
  try {
    // decodeStrings off: entry names are decoded and checked below, so each path trick gets its own message.
    zip = await source.openZip({ lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  } catch {
    throw damaged();
  }
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new Refusal(
      "too_many_entries",
      `The file contains ${zip.entryCount.toLocaleString(
        "en-US"
      )} parts; an Excel workbook to import may have at most ${limits.maxEntries.toLocaleString("en-US")}.`
    );
  }
  return zip;
}

function damaged() {
  return new Refusal("damaged", `The file is damaged or incomplete and cannot be read as an .xlsx workbook. ${SAVE_AS_XLSX}`);
}

/** Every entry's name, flags and declared sizes, from the central directory alone (nothing is inflated). */
async function readCentralDirectory(zip: ZipFile, limits: UploadLimits): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  let totalBytes = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
      checkEntryName(name);
      const key = name.toLowerCase(); // part names in an Office package are case-insensitive
      if (entries.has(key))
        throw new Refusal("duplicate_entry", `The file contains the part "${name}" twice; it has been tampered with or is damaged.`);
      if (entry.isEncrypted())
        throw new Refusal("encrypted", `The file is encrypted. Remove the password in Excel, save it as .xlsx, then upload it again.`);
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new Refusal("unsupported_compression", `The part "${name}" uses a compression Excel does not produce. ${SAVE_AS_XLSX}`);
      }
      checkExpansion(name, entry, limits);
      totalBytes += entry.uncompressedSize;
      if (totalBytes > limits.maxUncompressedBytes) {
        throw new Refusal(
          "unzipped_too_large",
          `Unzipped, this workbook would take more than ${formatBytes(
            limits.maxUncompressedBytes
          )} (the limit). Split the data into several workbooks.`
        );
      }
      entries.set(key, Object.assign(entry, { fileName: name }));
    }
  } catch (error) {
    if (error instanceof Refusal) throw error;
    if (error instanceof Error && /encryption/i.test(error.message)) {
      throw new Refusal("encrypted", "The file is encrypted. Remove the password in Excel, save it as .xlsx, then upload it again.");
    }
    throw damaged();
  }
  return entries;
}

function checkEntryName(name: string) {
  const trick = name.includes("\0")
    ? "a NUL character"
    : name.includes("\\")
    ? "a backslash"
    : name.startsWith("/") || /^[a-zA-Z]:/.test(name)
    ? "an absolute path"
    : name.split("/").includes("..")
    ? "a “..” segment that points outside the workbook"
    : null;
  if (trick) {
    throw new Refusal(
      "unsafe_path",
      `The file was refused: its part "${printable(name)}" has ${trick}. Genuine Excel files never do this.`
    );
  }
}

function printable(name: string) {
  return [...name.slice(0, 200)].map((char) => (char.charCodeAt(0) < 0x20 ? "?" : char)).join("");
}

function checkExpansion(name: string, entry: Entry, limits: UploadLimits) {
  const declared = entry.uncompressedSize;
  if (declared > limits.maxUncompressedBytes) {
    throw new Refusal(
      "unzipped_too_large",
      `The part "${name}" would unzip to ${formatBytes(declared)}, more than the ${formatBytes(
        limits.maxUncompressedBytes
      )} limit. Split the data into several workbooks.`
    );
  }
  if (declared < limits.ratioCheckFromBytes) return;
  const ratio = declared / Math.max(entry.compressedSize, 1);
  if (ratio > limits.maxCompressionRatio) {
    throw new Refusal(
      "zip_bomb",
      `The file was refused as a possible zip bomb: the part "${name}" would expand from ${formatBytes(
        entry.compressedSize
      )} to ${formatBytes(declared)} (${Math.round(ratio).toLocaleString("en-US")}:1; at most ${limits.maxCompressionRatio}:1 is accepted).`
    );
  }
}

async function readSheets(zip: ZipFile, entries: Map<string, Entry>, limits: UploadLimits): Promise<InspectedSheet[]> {
  for (const part of REQUIRED_PARTS) {
    if (!entries.has(part.toLowerCase())) {
      throw new Refusal(
        "missing_part",
        `This is not an Excel .xlsx workbook (its "${part}" part is missing). If it is an .xlsb, .ods or Numbers file, open it in Excel and save it as an Excel Workbook (.xlsx).`
      );
    }
  }
  const declared = parseSheetList(await inflatePart(zip, entries.get(WORKBOOK_PART)!, limits));
  if (declared.length === 0) throw new Refusal("no_sheets", "The workbook has no sheets.");
  if (declared.length > limits.maxSheets) {
    throw new Refusal(
      "too_many_sheets",
      `The workbook has ${declared.length} sheets; at most ${limits.maxSheets} can be imported. Remove the sheets that are not part of the masterfile.`
    );
  }
  const relationships = parseRelationships(await inflatePart(zip, entries.get(WORKBOOK_RELS_PART)!, limits));

  const sheets: InspectedSheet[] = [];
  for (const sheet of declared) {
    const relationship = relationships.get(sheet.relationshipId);
    if (!relationship)
      throw new Refusal(
        "damaged",
        `The workbook lists the sheet "${sheet.name}" but not where its data is; the file is damaged. ${SAVE_AS_XLSX}`
      );
    if (!WORKSHEET_TYPE.test(relationship.type)) continue; // chart sheets, macro sheets: no rows to import
    const entry = entries.get(resolvePartName(relationship).toLowerCase());
    if (!entry)
      throw new Refusal("missing_part", `The data of sheet "${sheet.name}" is missing from the file; it is damaged. ${SAVE_AS_XLSX}`);
    const rowsEstimate = declaredRows(await inflatePart(zip, entry, limits, { headOnly: true }));
    if (rowsEstimate !== undefined && rowsEstimate > limits.maxRowsPerSheet) {
      throw new Refusal(
        "too_many_rows",
        `The sheet "${sheet.name}" has ${rowsEstimate.toLocaleString("en-US")} rows; at most ${limits.maxRowsPerSheet.toLocaleString(
          "en-US"
        )} rows per sheet can be imported. Split it across several files.`
      );
    }
    sheets.push({ name: sheet.name, path: entry.fileName, rowsEstimate, uncompressedBytes: entry.uncompressedSize });
  }
  return sheets;
}

/**
 * Inflates one entry, never holding more than the cap: the whole of a small metadata part (refused beyond
 * `maxPartBytes`, whatever its header claims) or the first `sheetHeadBytes` of a worksheet.
 */
async function inflatePart(zip: ZipFile, entry: Entry, limits: UploadLimits, { headOnly = false } = {}): Promise<string> {
  const cap = headOnly ? limits.sheetHeadBytes : limits.maxPartBytes;
  const tooLarge = () =>
    new Refusal(
      "part_too_large",
      `The part "${entry.fileName}" is larger than ${formatBytes(cap)}; this is not a workbook that can be imported.`
    );
  if (!headOnly && entry.uncompressedSize > cap) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    const stream = await zip.openReadStreamPromise(entry);
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        size += chunk.length;
        if (size > cap || (headOnly && size === cap)) break;
      }
    } finally {
      stream.destroy();
    }
  } catch {
    throw damaged(); // includes yauzl's "too many bytes in the stream" when a header lies about its size
  }
  if (size > cap && !headOnly) throw tooLarge();
  return Buffer.concat(chunks).subarray(0, cap).toString("utf8");
}

type DeclaredSheet = { name: string; relationshipId: string };

function parseSheetList(workbookXml: string): DeclaredSheet[] {
  const sheets: DeclaredSheet[] = [];
  for (const [, attributeText] of workbookXml.matchAll(/<(?:[\w.-]+:)?sheet\s([^>]*)>/g)) {
    const attributes = parseAttributes(attributeText);
    // The relationship id is `r:id` with whatever prefix the file binds to the relationships namespace.
    const relationshipId = [...attributes].find(([key]) => /^[\w.-]+:id$/.test(key))?.[1];
    const name = attributes.get("name");
    if (name === undefined || relationshipId === undefined) throw damaged();
    sheets.push({ name, relationshipId });
  }
  return sheets;
}

type Relationship = { type: string; target: string; external: boolean };

function parseRelationships(relsXml: string): Map<string, Relationship> {
  const relationships = new Map<string, Relationship>();
  for (const [, attributeText] of relsXml.matchAll(/<(?:[\w.-]+:)?Relationship\s([^>]*)>/g)) {
    const attributes = parseAttributes(attributeText);
    const id = attributes.get("Id");
    if (id === undefined) continue;
    relationships.set(id, {
      type: attributes.get("Type") ?? "",
      target: attributes.get("Target") ?? "",
      external: attributes.get("TargetMode") === "External",
    });
  }
  return relationships;
}

/** The zip entry a workbook relationship points to; targets are relative to `xl/` unless they start with `/`. */
function resolvePartName(relationship: Relationship): string {
  let target = relationship.target;
  try {
    target = decodeURIComponent(target);
  } catch {
    // keep the raw target; it will simply not match an entry
  }
  const resolved = target.startsWith("/") ? posix.normalize(target.slice(1)) : posix.join("xl", target);
  if (relationship.external || resolved === ".." || resolved.startsWith("../") || resolved.startsWith("/")) {
    throw new Refusal(
      "unsafe_path",
      `The workbook points a sheet at "${printable(relationship.target)}", outside the file. Genuine Excel files never do this.`
    );
  }
  return resolved;
}

/** The last row of `<dimension ref="A1:K100001"/>`; 0 for an empty `<sheetData/>`; undefined when not declared. */
function declaredRows(sheetHead: string): number | undefined {
  const dimension = /<(?:[\w.-]+:)?dimension\s[^>]*?\bref\s*=\s*["']([^"']+)["']/.exec(sheetHead)?.[1];
  if (dimension) {
    const lastCell = dimension.split(":").at(-1)!;
    const row = /^\$?[A-Za-z]{1,3}\$?(\d{1,9})$/.exec(lastCell.trim())?.[1];
    if (row) return Number(row);
  }
  if (/<(?:[\w.-]+:)?sheetData\s*\/>/.test(sheetHead)) return 0;
  return undefined;
}

function parseAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, key, doubleQuoted, singleQuoted] of text.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    attributes.set(key, decodeXmlEntities(doubleQuoted ?? singleQuoted));
  }
  return attributes;
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (whole, entity: string) => {
    if (!entity.startsWith("#")) return NAMED_ENTITIES[entity];
    const codePoint = entity[1] === "x" ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
  });
}
