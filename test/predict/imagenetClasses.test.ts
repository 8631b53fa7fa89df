import { expect } from 'chai';
import { readFileSync } from 'node:fs';

import { imagenetClasses } from '../../src/predict/imagenetClasses.js';
import { imagenetClassesText } from '../../scripts/imagenetClassesText.js';

describe('predict/imagenetClasses', () => {
  it('has the 1000 ImageNet classes in Keras order', () => {
    expect(imagenetClasses).to.have.length(1000);
    // ImageNet names one label twice: the bird (134) and the machine (517) are both 'crane'.
    expect(new Set(imagenetClasses).size).to.equal(999);
    expect(imagenetClasses[134]).to.equal('crane');
    expect(imagenetClasses[517]).to.equal('crane');
    const known: Array<[number, RegExp]> = [
      [0, /^tench/],
      [281, /^tabby/],
      [282, /^tiger cat/],
      [999, /toilet tissue/],
    ];
    for (const [i, label] of known) expect(imagenetClasses[i]).to.match(label);
  });

  it('is what scripts/genImagenetClasses.ts makes from its source (run `npm run gen` when this fails)', () => {
    const file = readFileSync(new URL('../../src/predict/imagenetClasses.ts', import.meta.url), 'utf8');
    expect(file === imagenetClassesText(), 'src/predict/imagenetClasses.ts is stale: run `npm run gen`').to.equal(true);
  });
});
