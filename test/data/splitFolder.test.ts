import { expect } from 'chai';
import type { ImageFolder } from '../../src/data/ImageFolder.js';
import { splitFolder } from '../../src/data/splitFolder.js';

/** A folder listing with `sizes[k]` files of class k (paths only; nothing is read). */
function listing(sizes: number[]): ImageFolder {
  return {
    root: '/data',
    classes: sizes.map((_, k) => `c${k}`),
    files: sizes.flatMap((n, label) =>
      Array.from({ length: n }, (_, i) => ({ path: `/data/c${label}/${i}.png`, label })),
    ),
  };
}

function perClass(folder: ImageFolder): number[] {
  return folder.classes.map((_, k) => folder.files.filter((f) => f.label === k).length);
}

describe('data/splitFolder', () => {
  const cases: Array<[number[], number, number[]]> = [
    [[100, 50, 10], 0.2, [20, 10, 2]],
    [[7, 3, 1], 0.5, [4, 2, 0]],
    [[10, 10], 0, [0, 0]],
    [[2, 9], 0.9, [1, 8]],
  ];
  for (const [sizes, fraction, held] of cases) {
    it(`holds out ${held.join('/')} of ${sizes.join('/')} per class at ${fraction}`, () => {
      const folder = listing(sizes);
      const r = splitFolder(folder, fraction, 7);
      if (!r.ok) throw new Error(r.message);
      expect(perClass(r.validation)).to.deep.equal(held);
      expect(perClass(r.train)).to.deep.equal(sizes.map((n, k) => n - held[k]!));
      // Disjoint, complete, and each half in the original order.
      const all = [...r.train.files, ...r.validation.files].map((f) => f.path).sort();
      expect(all).to.deep.equal(folder.files.map((f) => f.path).sort());
      for (const half of [r.train, r.validation]) {
        const order = half.files.map((f) => folder.files.indexOf(f));
        expect(order).to.deep.equal(order.slice().sort((a, b) => a - b));
        expect(half.classes).to.deep.equal(folder.classes);
      }
    });
  }

  it('picks the same files for the same seed and others for another', () => {
    const folder = listing([40, 40]);
    const pick = (seed: number): string[] => {
      const r = splitFolder(folder, 0.25, seed);
      if (!r.ok) throw new Error(r.message);
      return r.validation.files.map((f) => f.path);
    };
    expect(pick(1)).to.deep.equal(pick(1));
    expect(pick(1)).to.not.deep.equal(pick(2));
  });

  it("does not change one class's pick when another class grows", () => {
    const pickC0 = (sizes: number[]): string[] => {
      const r = splitFolder(listing(sizes), 0.3, 3);
      if (!r.ok) throw new Error(r.message);
      return r.validation.files.filter((f) => f.label === 0).map((f) => f.path);
    };
    expect(pickC0([20, 5])).to.deep.equal(pickC0([20, 50]));
  });

  for (const fraction of [-0.1, 1, 1.5, Number.NaN]) {
    it(`reports a fraction of ${fraction} as a value`, () => {
      const r = splitFolder(listing([3]), fraction, 1);
      expect(r.ok).to.equal(false);
      if (!r.ok) {
        expect(r.message).to.match(/at least 0 and below 1/);
        expect(r.hint).to.match(/0\.2/);
      }
    });
  }
});
