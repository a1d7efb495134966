import exifReader from "exif-reader";
import sharp, { type Metadata, type OutputInfo } from "sharp";
import { PHOTO_MAX_EDGE, PHOTO_MAX_PIXELS, PHOTO_THUMB_EDGE } from "./photo-subjects";

/** A file the pipeline will not store, with the message the user sees (status 400 unless said). */
export class PhotoRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 413 = 400,
  ) {
    super(message);
    this.name = "PhotoRefused";
  }
}

/** Raster formats a phone or camera sends; anything else (SVG, PDF, text named .jpg) is refused. */
const ACCEPTED_FORMATS = new Set<string>(["jpeg", "png", "webp", "heif", "avif", "tiff", "gif"]);
const FORMAT_NAMES = "JPEG, PNG, WebP, HEIC, AVIF, TIFF or GIF";

export interface ProcessedImage {
  full: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
  takenAt: Date | null;
  /** Decimal degrees, 6 places, from the EXIF GPS block (null when absent or unreadable). */
  gps: { latitude: string; longitude: string } | null;
}

const open = (input: string | Buffer) => sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: "error", sequentialRead: true });

async function readMetadata(input: string | Buffer, name: string): Promise<Metadata> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new PhotoRefused(`"${name}" is not an image we can read (${FORMAT_NAMES}).`);
  }
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) throw new PhotoRefused(`"${name}" is not a photo (${FORMAT_NAMES}).`);
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (!pixels) throw new PhotoRefused(`"${name}" has no readable size.`);
  if (pixels > PHOTO_MAX_PIXELS) {
    throw new PhotoRefused(`"${name}" is ${meta.width} × ${meta.height} pixels; photos may have at most ${PHOTO_MAX_PIXELS / 1_000_000} megapixels.`);
  }
  return meta;
}

function dmsToDecimal(dms: unknown, ref: unknown, negative: string): string | null {
  if (!Array.isArray(dms) || dms.length !== 3 || !dms.every((n) => typeof n === "number" && Number.isFinite(n))) return null;
  const [d, m, s] = dms as number[];
  const value = (d + m / 60 + s / 3600) * (ref === negative ? -1 : 1);
  return Number.isFinite(value) ? value.toFixed(6) : null;
}

/** DateTimeOriginal (with its offset when the camera wrote one) and the GPS position, if any. */
function readExif(exif: Buffer | undefined): Pick<ProcessedImage, "takenAt" | "gps"> {
  if (!exif) return { takenAt: null, gps: null };
  let tags: ReturnType<typeof exifReader>;
  try {
    tags = exifReader(exif);
  } catch {
    return { takenAt: null, gps: null };
  }
  let takenAt: Date | null = tags.Photo?.DateTimeOriginal instanceof Date ? tags.Photo.DateTimeOriginal : null;
  const offset = /^([+-])(\d\d):(\d\d)$/.exec(String(tags.Photo?.OffsetTimeOriginal ?? ""));
  if (takenAt && offset) {
    const minutes = (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
    takenAt = new Date(takenAt.getTime() - minutes * 60_000);
  }
  if (takenAt && (Number.isNaN(takenAt.getTime()) || takenAt.getUTCFullYear() < 1990)) takenAt = null;
  const latitude = dmsToDecimal(tags.GPSInfo?.GPSLatitude, tags.GPSInfo?.GPSLatitudeRef, "S");
  const longitude = dmsToDecimal(tags.GPSInfo?.GPSLongitude, tags.GPSInfo?.GPSLongitudeRef, "W");
  const gps = latitude && longitude && Math.abs(Number(latitude)) <= 90 && Math.abs(Number(longitude)) <= 180 ? { latitude, longitude } : null;
  return { takenAt, gps };
}

/**
 * One uploaded file (a path or bytes) made safe to store: the real format sniffed from its bytes,
 * decompression bombs refused from the header before any pixel is decoded, EXIF orientation
 * applied, the long edge at most PHOTO_MAX_EDGE, re-encoded as JPEG without any metadata (sharp
 * writes none unless asked), and a thumbnail.
 */
export async function processImage(input: string | Buffer, name: string): Promise<ProcessedImage> {
  const meta = await readMetadata(input, name);
  let full: Buffer;
  let info: OutputInfo;
  try {
    ({ data: full, info } = await open(input)
      .rotate()
      .resize({ width: PHOTO_MAX_EDGE, height: PHOTO_MAX_EDGE, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true }));
  } catch {
    throw new PhotoRefused(`"${name}" could not be read as an image (damaged or cut short?).`);
  }
  const thumb = await sharp(full)
    .resize({ width: PHOTO_THUMB_EDGE, height: PHOTO_THUMB_EDGE, fit: "inside", withoutEnlargement: true })
    .jpeg({ quality: 72, mozjpeg: true })
    .toBuffer();
  return { full, thumb, width: info.width, height: info.height, ...readExif(meta.exif) };
}
