/** What an image's header says, read before decoding so a hostile file costs nothing. */
export interface ImageHeader {
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  /** PNG: bits per sample (1–16). JPEG: 8. */
  bitDepth: number;
  /** JPEG: the Adobe APP14 transform flag when present (0: stored as RGB, no YCbCr transform). */
  adobeTransform?: number;
  /** PNG: samples per pixel as stored (1 grey or palette, 2 grey + alpha, 3 RGB, 4 RGBA). */
  channels?: number;
  /** PNG: bytes of compressed image data (all IDAT chunks). */
  dataBytes?: number;
  /** PNG: the file ends before its IEND chunk (a chunk runs past the end, or none closes it). */
  truncated?: boolean;
}

/** The header, or why the bytes are not a readable JPEG or PNG. */
export type HeaderResult = { ok: true; header: ImageHeader } | { ok: false; message: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Reads a JPEG's or PNG's dimensions (and the few flags decoding depends on) by walking its
 * segments or chunks, without decompressing anything.
 */
export function readImageHeader(bytes: Uint8Array): HeaderResult {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegHeader(bytes);
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return pngHeader(bytes);
  return { ok: false, message: 'not a JPEG or PNG image' };
}

function jpegHeader(bytes: Uint8Array): HeaderResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let adobeTransform: number | undefined;
  let size: { width: number; height: number } | undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff)
      return { ok: false, message: 'the JPEG is malformed (a segment does not start with a marker)' };
    const marker = bytes[at + 1]!;
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = view.getUint16(at + 2);
    if (length < 2 || at + 2 + length > bytes.length) return { ok: false, message: 'the JPEG is truncated' };
    const body = at + 4;
    // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc && length >= 7) {
      size = { height: view.getUint16(body + 1), width: view.getUint16(body + 3) };
    }
    // APP14 "Adobe": its transform byte says whether three components are YCbCr (1) or RGB (0).
    if (marker === 0xee && length >= 14 && String.fromCharCode(...bytes.subarray(body, body + 5)) === 'Adobe') {
      adobeTransform = bytes[body + 11];
    }
    // Start of scan: entropy-coded data follows; every header segment has been seen.
    if (marker === 0xda) break;
    at += 2 + length;
  }
  if (!size) return { ok: false, message: 'the JPEG has no frame header (truncated?)' };
  return {
    ok: true,
    header: { format: 'jpeg', ...size, bitDepth: 8, ...(adobeTransform !== undefined ? { adobeTransform } : {}) },
  };
}

function pngHeader(bytes: Uint8Array): HeaderResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') {
    return { ok: false, message: 'the PNG has no IHDR header (truncated?)' };
  }
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const bitDepth = bytes[24]!;
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[bytes[25]!];
  if (channels === undefined) return { ok: false, message: `the PNG has an unknown colour type ${bytes[25]}` };
  let dataBytes = 0;
  let truncated = true;
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) break;
    if (type === 'IDAT') dataBytes += length;
    if (type === 'IEND') {
      truncated = false;
      break;
    }
    at += 12 + length;
  }
  return { ok: true, header: { format: 'png', width, height, bitDepth, channels, dataBytes, truncated } };
}
