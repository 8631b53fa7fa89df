import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

import { readImageHeader } from './readImageHeader.js';

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

/** Larger image files are refused unread (a 64-megapixel PNG is at most about 200 MB). */
export const MAX_IMAGE_FILE_BYTES = 256 * 2 ** 20;

/** Deflate cannot compress better than about 1032:1; less data than that means a truncated PNG. */
const DEFLATE_MAX_RATIO = 1032;

/**
 * Decodes a JPEG or PNG (recognized by their signatures, not the file name) into RGB with
 * pure-JS decoders, so prediction needs no native image library. Alpha is dropped; grey and
 * palette PNGs come out as RGB; a JPEG's Adobe marker decides whether it is YCbCr or RGB.
 * The header is checked before anything is decompressed: no pixels, more than
 * {@link MAX_MEGAPIXELS} (16-bit PNGs count twice, as they decode at twice the memory), or less
 * data than the claimed size needs (a truncated file, or a tiny one posing as a huge image) are
 * refused without allocating for them.
 */
export function decodeImage(bytes: Uint8Array): DecodeResult {
  const read = readImageHeader(bytes);
  if (!read.ok) return read;
  const h = read.header;
  if (h.width === 0 || h.height === 0)
    return { ok: false, message: `the image has no pixels (${h.width}x${h.height})` };
  const weight = h.bitDepth > 8 ? 2 : 1;
  if ((h.width * h.height * weight) / 1e6 > MAX_MEGAPIXELS) {
    const what = weight > 1 ? ` (16-bit: counts as ${MAX_MEGAPIXELS / 2} megapixels)` : '';
    return {
      ok: false,
      message: `the image is ${h.width}x${h.height}, larger than ${MAX_MEGAPIXELS} megapixels${what}`,
    };
  }
  try {
    if (h.format === 'jpeg') {
      // Every 8x8 block of the first component costs at least one bit of entropy-coded data.
      const blocks = Math.ceil(h.width / 8) * Math.ceil(h.height / 8);
      if (bytes.length < blocks / 8) {
        return {
          ok: false,
          message: `the JPEG claims ${h.width}x${h.height} pixels but holds only ${bytes.length} bytes: it is truncated`,
        };
      }
      const img = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: false,
        maxResolutionInMP: MAX_MEGAPIXELS,
        maxMemoryUsageInMB: 1024,
        // jpeg-js transforms three components from YCbCr even when Adobe's marker says RGB.
        ...(h.adobeTransform !== undefined ? { colorTransform: h.adobeTransform !== 0 } : {}),
      });
      return { ok: true, image: { width: img.width, height: img.height, data: img.data } };
    }
    const raw = h.height * (1 + Math.ceil((h.width * h.channels! * h.bitDepth) / 8));
    if (h.truncated) return { ok: false, message: 'the PNG is truncated (it ends before its IEND chunk)' };
    if (h.dataBytes === 0) return { ok: false, message: 'the PNG holds no image data' };
    if (h.dataBytes! * DEFLATE_MAX_RATIO < raw) {
      return {
        ok: false,
        message: `the PNG claims ${h.width}x${h.height} pixels but holds only ${h.dataBytes} bytes of image data: it is truncated`,
      };
    }
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const rgb = new Uint8Array(png.width * png.height * 3);
    for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) {
      rgb[j] = png.data[i]!;
      rgb[j + 1] = png.data[i + 1]!;
      rgb[j + 2] = png.data[i + 2]!;
    }
    return { ok: true, image: { width: png.width, height: png.height, data: rgb } };
  } catch (e) {
    return { ok: false, message: `cannot decode the image: ${e instanceof Error ? e.message : String(e)}` };
  }
}
