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
    ['a truncated PNG', png(4, 4, 6, () => [1, 2, 3, 4]).slice(0, 40), /cannot decode the image/],
    ['a JPEG header alone', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]), /cannot decode the image/],
  ];
  for (const [what, bytes, message] of bad) {
    it(`refuses ${what} with a message, not an exception`, () => {
      const r = decodeImage(bytes);
      expect(r.ok).to.equal(false);
      if (!r.ok) expect(r.message).to.match(message);
    });
  }
});
