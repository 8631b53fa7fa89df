import { expect } from 'chai';
import { seededRandom } from '../../src/data/seededRandom.js';
import { shuffled } from '../../src/data/shuffled.js';

const draw = (n: number, seed: number, ...streams: number[]): number[] => {
  const r = seededRandom(seed, ...streams);
  return Array.from({ length: n }, () => r());
};

describe('data/seededRandom', () => {
  it('repeats a stream for the same seed and streams', () => {
    expect(draw(20, 42, 3, 7)).to.deep.equal(draw(20, 42, 3, 7));
  });

  const different: Array<[string, number[], number[]]> = [
    ['seeds', [1], [2]],
    ['streams', [1, 0], [1, 1]],
    ['stream order', [1, 2, 3], [1, 3, 2]],
    ['seeds beyond 32 bits', [2 ** 32 + 5], [5]],
  ];
  for (const [what, a, b] of different) {
    it(`gives different numbers for different ${what}`, () => {
      expect(draw(5, a[0]!, ...a.slice(1))).to.not.deep.equal(draw(5, b[0]!, ...b.slice(1)));
    });
  }

  it('draws in [0, 1) with a mean near 1/2', () => {
    const xs = draw(20_000, 9);
    expect(Math.min(...xs)).to.be.at.least(0);
    expect(Math.max(...xs)).to.be.below(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).to.be.closeTo(0.5, 0.01);
  });
});

describe('data/shuffled', () => {
  it('returns a permutation and leaves the input alone', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const out = shuffled(items, seededRandom(1));
    expect(items).to.deep.equal(Array.from({ length: 50 }, (_, i) => i));
    expect(out).to.not.deep.equal(items);
    expect(out.slice().sort((a, b) => a - b)).to.deep.equal(items);
  });

  it('puts every item first about equally often', () => {
    const counts = [0, 0, 0, 0];
    const random = seededRandom(5);
    for (let i = 0; i < 8000; i++) counts[shuffled([0, 1, 2, 3], random)[0]!]!++;
    for (const c of counts) expect(c).to.be.closeTo(2000, 150);
  });
});
