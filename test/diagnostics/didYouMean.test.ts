import { expect } from 'chai';
import { didYouMean, suggestionList } from '../../src/diagnostics/didYouMean.js';
import { SURFACE_OPS } from '../../src/ops/registry.js';

const OP_NAMES = [...SURFACE_OPS.keys()];

describe('didYouMean', () => {
  it('suggests the closest name for typos, transpositions and case slips', () => {
    expect(didYouMean('cnov', OP_NAMES)).to.equal("did you mean 'conv'?");
    expect(didYouMean('maxpol', OP_NAMES)).to.equal("did you mean 'maxpool'?");
    expect(didYouMean('rleu', ['relu', 'relu6', 'elu'])).to.equal("did you mean 'relu'?");
    expect(didYouMean('Conv', OP_NAMES)).to.equal("did you mean 'conv'?");
    expect(didYouMean('globalavgpol', OP_NAMES)).to.equal("did you mean 'globalavgpool' or 'globalmaxpool'?");
  });

  it('lists up to three suggestions, best first, ties alphabetically', () => {
    expect(suggestionList('ab', ['ac', 'ad', 'aa', 'ae', 'xyz'])).to.deep.equal(['aa', 'ac', 'ad']);
    expect(didYouMean('ab', ['ac', 'ad'])).to.equal("did you mean 'ac' or 'ad'?");
    expect(didYouMean('ab', ['ac', 'ad', 'ae'])).to.equal("did you mean 'ac', 'ad' or 'ae'?");
    expect(suggestionList('pool', ['pool_', 'pol', 'poolx', 'p'])).to.deep.equal(['pol', 'pool_', 'poolx']);
  });

  it('says nothing when no candidate is close, or for the name itself', () => {
    expect(didYouMean('banana', OP_NAMES)).to.equal(undefined);
    expect(didYouMean('conv', ['conv'])).to.equal(undefined);
    expect(didYouMean('x', [])).to.equal(undefined);
  });

  it('scales the allowed distance with the length of the name', () => {
    // Short names allow one edit, longer ones a third of their length (plus one above five).
    expect(suggestionList('ab', ['xy'])).to.deep.equal([]);
    expect(suggestionList('ab', ['xb'])).to.deep.equal(['xb']);
    expect(suggestionList('abcdef', ['abcxyz'])).to.deep.equal(['abcxyz']);
    expect(suggestionList('abcdef', ['abwxyz'])).to.deep.equal([]);
    expect(suggestionList('depth_radius', ['depth_radiu_xx'])).to.deep.equal(['depth_radiu_xx']);
  });

  it('prefers a case-only difference over any edit', () => {
    expect(suggestionList('Relu', ['relu', 'Rel'])).to.deep.equal(['relu', 'Rel']);
  });

  it('counts each candidate once', () => {
    expect(suggestionList('cnov', ['conv', 'conv', 'conv'])).to.deep.equal(['conv']);
  });
});
