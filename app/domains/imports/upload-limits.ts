/** Limits an uploaded masterfile must respect before anything parses it. Browser-safe: the upload page can show them. */
export type UploadLimits = {
  /** Size of the uploaded .xlsx file itself. */
  maxFileBytes: number;
  /** Sum of the declared uncompressed sizes of every entry in the zip. */
  maxUncompressedBytes: number;
  maxEntries: number;
  /** Expansion ratio allowed for an entry once it is bigger than `ratioCheckFromBytes`. */
  maxCompressionRatio: number;
  ratioCheckFromBytes: number;
  maxSheets: number;
  maxRowsPerSheet: number;
  /** Hard cap for the small parts inflated during inspection (workbook.xml, its relationships). */
  maxPartBytes: number;
  /** How much of the start of each worksheet is inflated to find its <dimension>. */
  sheetHeadBytes: number;
};

const MB = 1024 * 1024;

export const DEFAULT_LIMITS: UploadLimits = {
  maxFileBytes: 20 * MB,
  maxUncompressedBytes: 200 * MB,
  maxEntries: 10_000,
  maxCompressionRatio: 100,
  ratioCheckFromBytes: 1 * MB,
  maxSheets: 20,
  maxRowsPerSheet: 200_000,
  maxPartBytes: 2 * MB,
  sheetHeadBytes: 8 * 1024,
};

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < MB) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0)} MB`;
}
