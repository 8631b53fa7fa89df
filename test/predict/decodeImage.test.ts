import { expect } from 'chai';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { decodeImage } from '../../src/predict/decodeImage.js';

function png(
  width: number,
  height: number,
  colorType: 0 | 2 | 6,
  pixel: (i: number) => [number, number, number, number],
): Uint8Array {
  const image = new PNG({ width, height, colorType, inputColorType: 6 });
  for (let i = 0; i < width * height; i++) image.data.set(pixel(i), 4 * i);
  return new Uint8Array(PNG.sync.write(image, { colorType, inputColorType: 6 }));
}

/** `bytes` (a PNG) with its IHDR fields replaced; the CRC goes stale, which the header check never reads. */
function withIhdr(bytes: Uint8Array, f: { width?: number; height?: number; bitDepth?: number }): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  if (f.width !== undefined) view.setUint32(16, f.width);
  if (f.height !== undefined) view.setUint32(20, f.height);
  if (f.bitDepth !== undefined) out[24] = f.bitDepth;
  return out;
}

/** A PNG's signature and IHDR, then an IDAT of length 0, then IEND. */
function emptyIdat(bytes: Uint8Array): Uint8Array {
  const head = bytes.slice(0, 33);
  const idat = [0, 0, 0, 0, 0x49, 0x44, 0x41, 0x54, 0, 0, 0, 0];
  const iend = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
  return new Uint8Array([...head, ...idat, ...iend]);
}

/** A 16x8 pure red JPEG. */
function redJpeg(): Uint8Array {
  const data = Buffer.alloc(16 * 8 * 4, 0);
  for (let i = 0; i < 16 * 8; i++) data.set([255, 0, 0, 255], 4 * i);
  return new Uint8Array(jpeg.encode({ data, width: 16, height: 8 }, 100).data);
}

/** `bytes` (a JPEG) with the size in its baseline frame header (SOF0) replaced. */
function withJpegSize(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (let at = 2; at < out.length; at += 2 + view.getUint16(at + 2)) {
    if (out[at + 1] === 0xc0) {
      view.setUint16(at + 5, height);
      view.setUint16(at + 7, width);
      return out;
    }
  }
  throw new Error('no SOF0');
}

/** `bytes` (a JPEG) with an Adobe APP14 segment after SOI carrying `transform`. */
function withAdobe(bytes: Uint8Array, transform: number): Uint8Array {
  const app14 = [0xff, 0xee, 0, 14, ...Array.from('Adobe', (c) => c.charCodeAt(0)), 0, 100, 0, 0, 0, 0, transform];
  return new Uint8Array([...bytes.subarray(0, 2), ...app14, ...bytes.subarray(2)]);
}

describe('predict/decodeImage', () => {
  it('reads an RGBA PNG as RGB, dropping alpha', () => {
    const r = decodeImage(png(3, 2, 6, (i) => [i, 10 * i, 200 - i, 7]));
    if (!r.ok) throw new Error(r.message);
    expect([r.image.width, r.image.height]).to.deep.equal([3, 2]);
    expect(Array.from(r.image.data)).to.deep.equal([
      0, 0, 200, 1, 10, 199, 2, 20, 198, 3, 30, 197, 4, 40, 196, 5, 50, 195,
    ]);
  });

  it('reads a grey PNG as three equal channels', () => {
    const r = decodeImage(png(2, 1, 0, (i) => [100 + i, 100 + i, 100 + i, 255]));
    if (!r.ok) throw new Error(r.message);
    expect(Array.from(r.image.data)).to.deep.equal([100, 100, 100, 101, 101, 101]);
  });

  it('reads a JPEG (close to its source colours)', () => {
    const data = Buffer.alloc(16 * 8 * 4, 0);
    for (let i = 0; i < 16 * 8; i++) data.set([200, 40, 90, 255], 4 * i);
    const r = decodeImage(new Uint8Array(jpeg.encode({ data, width: 16, height: 8 }, 100).data));
    if (!r.ok) throw new Error(r.message);
    expect([r.image.width, r.image.height, r.image.data.length]).to.deep.equal([16, 8, 16 * 8 * 3]);
    expect(Math.abs(r.image.data[0]! - 200)).to.be.below(4);
    expect(Math.abs(r.image.data[1]! - 40)).to.be.below(4);
  });

  // An Adobe JPEG with transform 0 stores its three components as RGB: here the encoder's
  // YCbCr of pure red (76, 85, 255) read as RGB, which jpeg-js alone would have turned back to red.
  const adobe: Array<[number, [number, number, number]]> = [
    [0, [76, 85, 255]],
    [1, [255, 0, 0]],
  ];
  for (const [transform, rgb] of adobe) {
    it(`honours the Adobe marker's transform flag ${transform}`, () => {
      const r = decodeImage(withAdobe(redJpeg(), transform));
      if (!r.ok) throw new Error(r.message);
      Array.from(r.image.data.subarray(0, 3)).forEach((v, i) => expect(Math.abs(v - rgb[i]!)).to.be.below(3));
    });
  }

  it('refuses a PNG whose header claims too many pixels, before decoding it', () => {
    const bytes = png(4, 4, 6, () => [1, 2, 3, 4]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    view.setUint32(16, 12_000);
    view.setUint32(20, 12_000);
    const r = decodeImage(bytes);
    expect(r.ok).to.equal(false);
    if (!r.ok) expect(r.message).to.match(/larger than 64 megapixels/);
  });

  const bad: Array<[string, Uint8Array, RegExp]> = [
    ['text', new TextEncoder().encode('hello'), /not a JPEG or PNG image/],
    ['nothing', new Uint8Array(0), /not a JPEG or PNG image/],
    ['a truncated PNG', png(4, 4, 6, () => [1, 2, 3, 4]).slice(0, 40), /the PNG is truncated/],
    ['a PNG cut inside its data', png(40, 40, 6, (i) => [i, i, i, 255]).slice(0, -20), /the PNG is truncated/],
    ['a JPEG header alone', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]), /the JPEG is truncated/],
    [
      'a zero-width PNG',
      withIhdr(
        png(4, 4, 6, () => [1, 2, 3, 4]),
        { width: 0 },
      ),
      /has no pixels \(0x4\)/,
    ],
    ['a PNG with an empty IDAT', emptyIdat(png(4, 4, 6, () => [1, 2, 3, 4])), /holds no image data/],
    [
      'a 16-bit 8000x8000 PNG (2 GB to decode)',
      withIhdr(
        png(4, 4, 6, () => [1, 2, 3, 4]),
        { width: 8000, height: 8000, bitDepth: 16 },
      ),
      /8000x8000, larger than 64 megapixels \(16-bit/,
    ],
    [
      'a 1 KB JPEG whose header claims 8000x8000',
      withJpegSize(redJpeg(), 8000, 8000),
      /claims 8000x8000 pixels but holds only \d+ bytes: it is truncated/,
    ],
  ];
  for (const [what, bytes, message] of bad) {
    it(`refuses ${what} with a message, not an exception`, () => {
      const r = decodeImage(bytes);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.message).to.match(message);
    });
  }
});
