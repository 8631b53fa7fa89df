import { expect } from 'chai';
import { randomResizedCrop } from '../../src/data/randomResizedCrop.js';
import { seededRandom } from '../../src/data/seededRandom.js';

describe('data/randomResizedCrop', () => {
  const sizes: Array<[number, number]> = [
    [299, 299],
    [480, 640],
    [640, 480],
    [37, 53],
  ];
  for (const [height, width] of sizes) {
    it(`draws crops inside ${height}x${width}, 8%–100% of the area, aspect 3/4–4/3`, () => {
      const random = seededRandom(height * 1000 + width);
      const areas: number[] = [];
      for (let i = 0; i < 2000; i++) {
        const b = randomResizedCrop(height, width, random);
        expect(b.top).to.be.at.least(0);
        expect(b.left).to.be.at.least(0);
        expect(b.top + b.height).to.be.at.most(height);
        expect(b.left + b.width).to.be.at.most(width);
        // Sizes are rounded to whole pixels, so the bounds hold up to a pixel's worth.
        const area = (b.height * b.width) / (height * width);
        const slack = (b.height + b.width + 1) / (height * width);
        expect(area).to.be.within(0.08 - slack, 1);
        expect(b.width / b.height).to.be.within((3 / 4) * (1 - 1 / b.height), (4 / 3) * (1 + 1 / b.height));
        areas.push(area);
      }
      // Both ends of the range are reached, not just the middle.
      expect(Math.min(...areas)).to.be.below(0.15);
      expect(Math.max(...areas)).to.be.above(0.75);
    });
  }

  const fallbacks: Array<[string, number, number, [number, number, number, number]]> = [
    ['a wide strip', 10, 1000, [0, 493, 10, 13]],
    ['a tall strip', 1000, 10, [493, 0, 13, 10]],
    ['a single pixel', 1, 1, [0, 0, 1, 1]],
  ];
  for (const [what, height, width, [top, left, h, w]] of fallbacks) {
    it(`falls back to a central crop with the ratio clamped for ${what}`, () => {
      // Every try wants more than a 10-pixel side, so none fits.
      const always = (): number => 0.999;
      expect(randomResizedCrop(height, width, always)).to.deep.equal({ top, left, height: h, width: w });
    });
  }

  it('is determined by its random stream', () => {
    const a = Array.from({ length: 5 }, (_, i) => randomResizedCrop(100, 150, seededRandom(3, i)));
    const b = Array.from({ length: 5 }, (_, i) => randomResizedCrop(100, 150, seededRandom(3, i)));
    expect(a).to.deep.equal(b);
  });
});
