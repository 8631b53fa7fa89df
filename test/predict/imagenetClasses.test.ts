import { expect } from 'chai';
import { imagenetClasses } from '../../src/predict/imagenetClasses.js';

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
});
