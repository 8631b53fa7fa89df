import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import type { ImageFolder } from '../../src/data/ImageFolder.js';
import { imageBatches, type ImageBatch, type ImageBatchOptions } from '../../src/data/imageBatches.js';
import { scanImageFolder } from '../../src/data/scanImageFolder.js';
import type { RgbImage } from '../../src/predict/decodeImage.js';
import { tf } from '../../src/runtime/tf.js';
import { BROKEN_JPEG, GARBAGE, jpegBytes, pngBytes, rgbImage, tempDir, writeTree } from './imageFiles.js';

const OPTIONS: ImageBatchOptions = { batch: 3, height: 16, width: 12, train: true, seed: 1, preprocess: 'tf' };

/** Every batch of one epoch as plain arrays, the tensors disposed. */
async function collect(
  source: AsyncIterable<ImageBatch>,
): Promise<Array<{ shape: number[]; xs: Float32Array; ys: number[] }>> {
  const out = [];
  for await (const b of source) {
    expect(b.xs.dtype).to.equal('float32');
    expect(b.ys.dtype).to.equal('int32');
    out.push({ shape: b.xs.shape, xs: (await b.xs.data()) as Float32Array, ys: Array.from(await b.ys.data()) });
    tf.dispose([b.xs, b.ys]);
  }
  return out;
}

/** An in-memory set of the given images, each its own class-0 file. */
function memory(images: RgbImage[], labels: number[] = images.map(() => 0)): ImageFolder {
  return {
    root: '<memory>',
    classes: ['a', 'b'],
    files: images.map((image, i) => ({ path: `<memory>/${i}`, label: labels[i]!, image })),
  };
}

/** 20 flat images whose grey level is 10 × their index, so a pixel names the file it came from. */
const NUMBERED = memory(Array.from({ length: 20 }, (_, i) => rgbImage(9, 7, () => [10 * i, 10 * i, 10 * i, 255])));

function fileOrder(batches: Array<{ shape: number[]; xs: Float32Array }>): number[] {
  return batches.flatMap(({ shape, xs }) => {
    const per = xs.length / shape[0]!;
    return Array.from({ length: shape[0]! }, (_, b) => Math.round(((xs[b * per]! + 1) * 127.5) / 10));
  });
}

describe('data/imageBatches', () => {
  before(() => tf.setBackend('cpu'));
  const roots: string[] = [];
  after(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  async function scanned(files: Record<string, Uint8Array | null>): Promise<ImageFolder> {
    const root = writeTree(tempDir(), files);
    roots.push(root);
    const r = await scanImageFolder(root);
    if (!r.ok) throw new Error(r.message);
    return r.folder;
  }

  const paint = (x: number, y: number): [number, number, number, number] => [(x * 5) % 256, (y * 7) % 256, 90, 255];
  const mixed = (): Promise<ImageFolder> =>
    scanned({
      'cat/a.png': pngBytes(40, 30, paint),
      'cat/b.jpg': jpegBytes(50, 70, paint),
      'cat/bad.jpg': GARBAGE,
      'cat/grey.png': pngBytes(20, 20, (x) => [x * 10, x * 10, x * 10, 255], 0),
      'dog/alpha.png': pngBytes(33, 17, () => [200, 100, 50, 0], 6),
      'dog/broken.jpeg': BROKEN_JPEG,
      'dog/c.JPG': jpegBytes(13, 90, paint),
      'dog/d.png': pngBytes(300, 200, paint),
    });

  for (const train of [true, false]) {
    it(`yields [B, H, W, 3] float32 in [−1, 1] and int32 labels, keeping the short last batch (train: ${train})`, async () => {
      const folder = await mixed();
      const batches = imageBatches(folder, { ...OPTIONS, train });
      const got = await collect(batches);
      expect(got.map((b) => b.shape)).to.deep.equal([
        [3, 16, 12, 3],
        [3, 16, 12, 3],
      ]);
      const ys = got.flatMap((b) => b.ys).sort();
      expect(ys).to.deep.equal([0, 0, 0, 1, 1, 1]);
      for (const { xs } of got) {
        expect(Math.min(...xs)).to.be.at.least(-1);
        expect(Math.max(...xs)).to.be.at.most(1);
      }
      expect(batches.steps).to.equal(2);
    });
  }

  it('skips and counts files that cannot be decoded, once each, without crashing', async () => {
    const folder = await mixed();
    const batches = imageBatches(folder, { ...OPTIONS, batch: 4 });
    expect(batches.skipped).to.equal(0);
    for (let epoch = 0; epoch < 2; epoch++) {
      const got = await collect(batches);
      expect(got.map((b) => b.shape[0])).to.deep.equal([4, 2]);
    }
    expect(batches.skipped).to.equal(2);
    const skipped = batches.skippedFiles.sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(skipped.map((s) => s.path.split(/[\\/]/).pop())).to.deep.equal(['bad.jpg', 'broken.jpeg']);
    expect(skipped[0]!.message).to.equal('not a JPEG or PNG image');
    expect(skipped[1]!.message).to.match(/^the JPEG is malformed/);
  });

  it('skips a file that vanished after the scan', async () => {
    const folder = await scanned({ 'a/1.png': pngBytes(4, 4, paint), 'a/2.png': pngBytes(4, 4, paint) });
    rmSync(folder.files[0]!.path);
    const batches = imageBatches(folder, OPTIONS);
    expect((await collect(batches)).map((b) => b.shape[0])).to.deep.equal([1]);
    expect(batches.skippedFiles[0]!.message).to.match(/^cannot read the file: ENOENT/);
  });

  const hostile: Array<[string, (path: string) => void, RegExp]> = [
    // Opening a FIFO for reading waits for a writer: the epoch would hang.
    ['a FIFO', (path) => execFileSync('mkfifo', [path]), /is not a regular file/],
    ['a symlink to /dev/zero', (path) => symlinkSync('/dev/zero', path), /is not a regular file/],
  ];
  for (const [what, make, message] of hostile) {
    it(`skips ${what} posing as an image, without reading it`, async () => {
      const folder = await scanned({ 'a/1.png': pngBytes(4, 4, paint), 'a/2.png': pngBytes(4, 4, paint) });
      rmSync(folder.files[0]!.path);
      make(folder.files[0]!.path);
      const batches = imageBatches(folder, OPTIONS);
      expect((await collect(batches)).map((b) => b.shape[0])).to.deep.equal([1]);
      expect(batches.skippedFiles[0]!.message).to.match(message);
    });
  }

  it('turns grey and RGBA images into RGB (grey copied to three channels, alpha dropped)', async () => {
    const folder = await scanned({
      'a/grey.png': pngBytes(8, 8, () => [60, 60, 60, 255], 0),
      'a/rgba.png': pngBytes(8, 8, () => [200, 100, 50, 0], 6),
    });
    const [b] = await collect(imageBatches(folder, { ...OPTIONS, batch: 2, train: false, height: 4, width: 4 }));
    const pixel = (i: number): number[] =>
      Array.from(b!.xs.slice(i * 48, i * 48 + 3), (v) => Math.round((v + 1) * 127.5));
    expect(pixel(0)).to.deep.equal([60, 60, 60]);
    expect(pixel(1)).to.deep.equal([200, 100, 50]);
  });

  it('evaluates on the central 87.5% of the image (TF-slim central_fraction)', async () => {
    // A gradient 64 wide, 48 high: red = 4x, green = 5y. The central 87.5% is x 4..59, y 3..44.
    const gradient = rgbImage(64, 48, (x, y) => [4 * x, 5 * y, 0, 255]);
    const [same] = await collect(imageBatches(memory([gradient]), { ...OPTIONS, train: false, height: 42, width: 56 }));
    const at = (xs: Float32Array, w: number, x: number, y: number, c: number): number =>
      (xs[3 * (y * w + x) + c]! + 1) * 127.5;
    // Resized to the crop's own size, the batch is the crop, pixel for pixel.
    for (const [x, y] of [
      [0, 0],
      [55, 41],
      [20, 10],
    ] as const) {
      expect(at(same!.xs, 56, x, y, 0)).to.be.closeTo(4 * (x + 4), 1e-3);
      expect(at(same!.xs, 56, x, y, 1)).to.be.closeTo(5 * (y + 3), 1e-3);
    }
    // Resized to another size, the crop still spans x 4..59 (half-pixel sampling: centres map inside).
    const [small] = await collect(imageBatches(memory([gradient]), { ...OPTIONS, train: false, height: 6, width: 7 }));
    const reds = Array.from({ length: 7 }, (_, x) => at(small!.xs, 7, x, 0, 0) / 4);
    const step = 56 / 7;
    reds.forEach((r, x) => expect(r).to.be.closeTo(4 + (x + 0.5) * step - 0.5, 1e-3));
  });

  it('reads the set in its order when evaluating, shuffled per epoch when training', async () => {
    const evaluation = imageBatches(NUMBERED, { ...OPTIONS, train: false });
    const identity = Array.from({ length: 20 }, (_, i) => i);
    expect(fileOrder(await collect(evaluation))).to.deep.equal(identity);
    expect(fileOrder(await collect(evaluation))).to.deep.equal(identity);
    const training = imageBatches(NUMBERED, OPTIONS);
    const first = fileOrder(await collect(training));
    const second = fileOrder(await collect(training));
    expect(first).to.not.deep.equal(identity);
    expect(first).to.not.deep.equal(second);
    expect(first.slice().sort((a, b) => a - b)).to.deep.equal(identity);
    expect(second.slice().sort((a, b) => a - b)).to.deep.equal(identity);
  });

  it('gives the same batches for the same seed and epoch, other ones for another seed', async () => {
    const folder = await mixed();
    const run = async (seed: number, epochs: number): Promise<Array<{ xs: Float32Array; ys: number[] }>> => {
      const source = imageBatches(folder, { ...OPTIONS, seed });
      let last: Array<{ shape: number[]; xs: Float32Array; ys: number[] }> = [];
      for (let e = 0; e < epochs; e++) last = await collect(source);
      return last;
    };
    const a = await run(5, 1);
    expect(await run(5, 1)).to.deep.equal(a);
    expect(await run(6, 1)).to.not.deep.equal(a);
    // An epoch is reproducible on its own: resuming at epoch 1 gives what a run's second epoch gave.
    const resumed = imageBatches(folder, { ...OPTIONS, seed: 5 });
    resumed.epoch = 1;
    expect(await collect(resumed)).to.deep.equal(await run(5, 2));
    // A sample's crop does not depend on the batch size.
    const sorted = (bs: Array<{ xs: Float32Array; ys: number[] }>, per: number): string[] =>
      bs
        .flatMap((b) =>
          Array.from({ length: b.ys.length }, (_, i) => Array.from(b.xs.slice(i * per, (i + 1) * per)).join()),
        )
        .sort();
    const bigger = await collect(imageBatches(folder, { ...OPTIONS, seed: 5, batch: 4 }));
    expect(sorted(bigger, 16 * 12 * 3)).to.deep.equal(sorted(a, 16 * 12 * 3));
  });

  it('mirrors about half of the training images, and never when evaluating', async () => {
    // Red rises left to right; a mirrored sample has it falling.
    const gradient = rgbImage(40, 40, (x) => [6 * x, 0, 0, 255]);
    const folder = memory(Array.from({ length: 400 }, () => gradient));
    const mirrored = async (train: boolean): Promise<number> => {
      let count = 0;
      for (const b of await collect(imageBatches(folder, { ...OPTIONS, batch: 50, train, height: 8, width: 8 }))) {
        for (let i = 0; i < b.ys.length; i++) {
          const row = b.xs.slice(i * 192, i * 192 + 24);
          if (row[0]! > row[21]!) count++;
        }
      }
      return count / 400;
    };
    expect(await mirrored(true)).to.be.within(0.42, 0.58);
    expect(await mirrored(false)).to.equal(0);
  });

  it('streams: one batch alive at a time, the tensor count flat over epochs of a 200-image folder', async function () {
    this.timeout(600_000);
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 200; i++) {
      const size = 20 + (i % 7) * 6;
      const name = `${['a', 'b', 'c', 'd'][i % 4]}/${String(i).padStart(3, '0')}`;
      files[`${name}.${i % 3 === 0 ? 'jpg' : 'png'}`] =
        i % 3 === 0
          ? jpegBytes(size, size + 4, (x, y) => [x * 3, y * 3, i, 255])
          : pngBytes(size + 4, size, (x, y) => [i, x * 3, y * 3, 255]);
    }
    const folder = await scanned(files);
    expect(folder.files.length).to.equal(200);
    for (const train of [true, false]) {
      const batches = imageBatches(folder, { ...OPTIONS, batch: 32, train, height: 24, width: 24 });
      const base = tf.memory().numTensors;
      for (let epoch = 0; epoch < 2; epoch++) {
        let seen = 0;
        for await (const b of batches) {
          // The consumer holds this batch's two tensors and nothing else is left behind.
          expect(tf.memory().numTensors).to.equal(base + 2);
          seen += b.xs.shape[0];
          tf.dispose([b.xs, b.ys]);
        }
        expect(seen).to.equal(200);
        expect(tf.memory().numTensors).to.equal(base);
      }
    }
  });

  it('leaves nothing behind when the consumer stops early', async () => {
    const base = tf.memory().numTensors;
    for await (const b of imageBatches(NUMBERED, OPTIONS)) {
      tf.dispose([b.xs, b.ys]);
      break;
    }
    expect(tf.memory().numTensors).to.equal(base);
  });

  const invalid: Array<[keyof ImageBatchOptions, number]> = [
    ['batch', 0],
    ['height', -1],
    ['width', 1.5],
  ];
  for (const [key, value] of invalid) {
    it(`refuses ${key} = ${value} (a programming error: the command line checks first)`, () => {
      expect(() => imageBatches(NUMBERED, { ...OPTIONS, [key]: value })).to.throw(RangeError, key);
    });
  }
});
