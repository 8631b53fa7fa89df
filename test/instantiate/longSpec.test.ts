import { expect } from 'chai';
import { compile } from '../../src/compile.js';
import { generateLongSpec } from '../support/generateLongSpec.js';

// The spec bench/frontEnd.ts times: a 10,000-line body must compile cleanly, with every block.
describe('a generated 10,000-line spec', () => {
  it('compiles without a diagnostic', () => {
    const text = generateLongSpec(10_000);
    expect(text.split('\n').length).to.be.within(9_900, 10_100);
    const result = compile(text, { filename: 'long.incep' });
    expect(result.diagnostics.map((d) => d.message)).to.deep.equal([]);
    expect(result.ok).to.be.true;
    const blocks = text.match(/^ {2}block /gm)!.length;
    expect(result.ast!.models[0]!.blocks).to.have.length(blocks);
    // Every block's comment reaches its block, so the comment pass saw them all.
    expect(result.ast!.models[0]!.blocks.every((b) => b.comments.leading.length === 1)).to.be.true;
  });
});
