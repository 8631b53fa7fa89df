import { expect } from 'chai';

import * as runtime from '../../src/runtime/index.js';
import { tf } from '../../src/runtime/tf.js';

describe('runtime/index', () => {
  const expected: Array<[string, unknown]> = [
    ['tf', tf],
    ['selectBackend', 'function'],
    ['BACKEND_CHOICES', 'array'],
    ['ScaledAdd', 'function'],
    ['LocalResponseNorm', 'function'],
    ['registerCustomLayers', 'function'],
    ['saveModelDir', 'function'],
    ['loadModelDir', 'function'],
    ['ModelDirError', 'function'],
  ];

  for (const [name, kind] of expected) {
    it(`exports ${name}`, () => {
      const value = (runtime as Record<string, unknown>)[name];
      if (typeof kind === 'string') {
        expect(value).to.be.a(kind);
      } else {
        expect(value).to.equal(kind);
      }
    });
  }
});
