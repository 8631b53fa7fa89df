import { expect } from 'chai';
import { imageBatches } from '../../src/data/imageBatches.js';
import { splitFolder } from '../../src/data/splitFolder.js';
import { SYNTHETIC_ROOT, syntheticImages } from '../../src/data/syntheticImages.js';
import { tf } from '../../src/runtime/tf.js';

describe('data/syntheticImages', () => {
  before(() => tf.setBackend('cpu'));

  const shapes: Array<[number, number, number[]]> = [
    [10, 3, [4, 3, 3]],
    [12, 12, Array<number>(12).fill(1)],
    [5, 1, [5]],
  ];
  for (const [count, classes, perClass] of shapes) {
    it(`generates ${count} images over ${classes} classes like a scanned folder`, () => {
      const set = syntheticImages({ count, classes, height: 6, width: 9, seed: 1 });
      expect(set.root).to.equal(SYNTHETIC_ROOT);
      expect(set.classes).to.deep.equal(set.classes.slice().sort());
      expect(set.classes.length).to.equal(classes);
      expect(set.classes.map((_, k) => set.files.filter((f) => f.label === k).length)).to.deep.equal(perClass);
      const labels = set.files.map((f) => f.label);
      expect(labels).to.deep.equal(labels.slice().sort((a, b) => a - b));
      for (const f of set.files) {
        expect(f.path.startsWith(`${SYNTHETIC_ROOT}/${set.classes[f.label]}/`)).to.equal(true);
        expect([f.image!.width, f.image!.height, f.image!.data.length]).to.deep.equal([9, 6, 162]);
      }
    });
  }

  it('is determined by its seed', () => {
    const pixels = (seed: number): number[][] =>
      syntheticImages({ count: 4, classes: 2, height: 5, width: 5, seed }).files.map((f) => Array.from(f.image!.data));
    expect(pixels(3)).to.deep.equal(pixels(3));
    expect(pixels(3)).to.not.deep.equal(pixels(4));
  });

  it('stays separable after training augmentation (nearest mean colour gets most right)', async () => {
    const set = syntheticImages({ count: 120, classes: 6, height: 32, width: 32, seed: 2 });
    const split = splitFolder(set, 0.5, 2);
    if (!split.ok) throw new Error(split.message);
    const meanColours = async (
      train: boolean,
      folder: typeof set,
    ): Promise<Array<{ rgb: number[]; label: number }>> => {
      const out: Array<{ rgb: number[]; label: number }> = [];
      for await (const b of imageBatches(folder, { batch: 16, height: 16, width: 16, train, seed: 2 })) {
        const means = await tf.tidy(() => tf.mean(b.xs, [1, 2])).array();
        const ys = await b.ys.array();
        tf.dispose([b.xs, b.ys]);
        (means as number[][]).forEach((rgb, i) => out.push({ rgb, label: ys[i]! }));
      }
      return out;
    };
    const training = await meanColours(true, split.train);
    const centroids = set.classes.map((_, k) => {
      const mine = training.filter((s) => s.label === k);
      return [0, 1, 2].map((c) => mine.reduce((a, s) => a + s.rgb[c]!, 0) / mine.length);
    });
    const test = await meanColours(true, split.validation);
    const nearest = (rgb: number[]): number =>
      centroids
        .map((m, k) => ({ k, d: m.reduce((a, v, c) => a + (v - rgb[c]!) ** 2, 0) }))
        .sort((a, b) => a.d - b.d)[0]!.k;
    const right = test.filter((s) => nearest(s.rgb) === s.label).length;
    expect(right / test.length).to.be.above(0.9);
  });

  for (const key of ['count', 'classes', 'height', 'width'] as const) {
    it(`refuses a non-positive ${key}`, () => {
      expect(() => syntheticImages({ count: 2, classes: 2, height: 2, width: 2, seed: 0, [key]: 0 })).to.throw(
        RangeError,
        key,
      );
    });
  }
});
