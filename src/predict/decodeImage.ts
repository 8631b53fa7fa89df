import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** An 8-bit RGB image, row-major, 3 bytes a pixel. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A decoded image, or why the bytes could not be one. */
export type DecodeResult = { ok: true; image: RgbImage } | { ok: false; message: string };

/** Larger images are refused rather than decoded into gigabytes. */
export const MAX_MEGAPIXELS = 64;

/**
 * Decodes a JPEG or PNG (recognized by their signatures, not the file name) into RGB with
 * pure-JS decoders, so prediction needs no native image library. Alpha is dropped; grey and
 * palette PNGs come out as RGB.
 */
export function decodeImage(bytes: Uint8Array): DecodeResult {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xd8) {
      const img = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: false,
        maxResolutionInMP: MAX_MEGAPIXELS,
        maxMemoryUsageInMB: 1024,
      });
      return { ok: true, image: { width: img.width, height: img.height, data: img.data } };
    }
    if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
      // The size is in the IHDR chunk (bytes 16-23); check it before decoding allocates it.
      if (bytes.length >= 24) {
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        if (view.getUint32(16) * view.getUint32(20) > MAX_MEGAPIXELS * 1e6)
          return { ok: false, message: `the image is larger than ${MAX_MEGAPIXELS} megapixels` };
      }
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      const rgb = new Uint8Array(png.width * png.height * 3);
      for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) {
        rgb[j] = png.data[i]!;
        rgb[j + 1] = png.data[i + 1]!;
        rgb[j + 2] = png.data[i + 2]!;
      }
      return { ok: true, image: { width: png.width, height: png.height, data: rgb } };
    }
    return { ok: false, message: 'not a JPEG or PNG image' };
  } catch (e) {
    return { ok: false, message: `cannot decode the image: ${e instanceof Error ? e.message : String(e)}` };
  }
}
