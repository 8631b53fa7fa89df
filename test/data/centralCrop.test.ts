import { expect } from 'chai';
import { centralCrop } from '../../src/data/centralCrop.js';

describe('data/centralCrop', () => {
  // Expected values from TF-slim's arithmetic: start = int((n − n·f) / 2), size = n − 2·start.
  const cases: Array<[number, number, number, [number, number, number, number]]> = [
    [48, 64, 0.875, [3, 4, 42, 56]],
    [299, 299, 0.875, [18, 18, 263, 263]],
    [480, 640, 0.875, [30, 40, 420, 560]],
    [1, 1, 0.875, [0, 0, 1, 1]],
    [7, 9, 0.875, [0, 0, 7, 9]],
    [100, 100, 0.5, [25, 25, 50, 50]],
    [100, 100, 1, [0, 0, 100, 100]],
  ];
  for (const [height, width, fraction, [top, left, h, w]] of cases) {
    it(`keeps the central ${fraction} of ${height}x${width}`, () => {
      expect(centralCrop(height, width, fraction)).to.deep.equal({ top, left, height: h, width: w });
    });
  }
});
