/** Images for the photo tests, made in memory with sharp (no files checked in). */
import { crc32 } from "node:zlib";
import sharp from "sharp";

/** A 300 × 200 JPEG whose EXIF says "rotate 90° clockwise" (orientation 6), with a date and a GPS position. */
export async function sidewaysJpegWithGps() {
  const base = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#c03020" } }).jpeg().toBuffer();
  return sharp(base)
    .withExif({
      IFD0: { Make: "TestCam", Model: "Phone 12" },
      IFD2: { DateTimeOriginal: "2026:11:20 10:15:00", OffsetTimeOriginal: "-07:00" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "39/1 44/1 30/1", GPSLongitudeRef: "W", GPSLongitude: "104/1 59/1 0/1" },
    })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

export const plainPng = (width = 640, height = 480) => sharp({ create: { width, height, channels: 4, background: { r: 20, g: 90, b: 160, alpha: 0.5 } } }).png().toBuffer();

/** A tiny PNG whose header claims `width` × `height` pixels (CRC fixed so decoders believe it): a decompression bomb's header. */
export async function pngClaiming(width: number, height: number) {
  const png = Buffer.from(await plainPng(8, 8));
  // signature (8) + length (4) + "IHDR" (4), then width and height
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** The file names of sharp's view of stored bytes: EXIF and GPS present? */
export async function metadataOf(bytes: Buffer) {
  const meta = await sharp(bytes).metadata();
  return { format: meta.format, width: meta.width, height: meta.height, hasExif: Boolean(meta.exif), orientation: meta.orientation };
}
