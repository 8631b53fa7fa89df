import { expect } from 'chai';
import { completionContext, type CompletionContext } from '../../src/lsp/completionContext.js';

describe('lsp completionContext', () => {
  // `|` marks the cursor.
  const cases: Array<[string, CompletionContext]> = [
    ['body {\n  |', { kind: 'statement' }],
    ['body {\n  co|', { kind: 'statement' }],
    ['body { conv 8 3x3; |', { kind: 'statement' }],
    ['body { |', { kind: 'statement' }],
    ['  conv 64 |', { kind: 'settings', callee: 'conv' }],
    ['  conv 64 3x3 st|', { kind: 'settings', callee: 'conv' }],
    ['  project conv |', { kind: 'settings', callee: 'conv' }],
    ['  project |', { kind: 'statement' }],
    ['defaults {\n    conv: nobias |', { kind: 'settings', callee: 'conv' }],
    ['  A(32) as |', { kind: 'none' }],
    ['  A(|', { kind: 'arguments', callee: 'A', written: [] }],
    ['  ReductionA(k=64, l=(2*3), |', { kind: 'arguments', callee: 'ReductionA', written: ['k', 'l'] }],
    ['  ReductionA(k=64,\n    l=96, |', { kind: 'arguments', callee: 'ReductionA', written: ['k', 'l'] }],
    ['  conv 8 3x3 bn(scale=false, |', { kind: 'arguments', callee: 'bn', written: ['scale'] }],
    ['  A(32) |', { kind: 'settings', callee: 'A' }],
    ['  64 |', { kind: 'none' }],
    ['  ((|', { kind: 'none' }],
    ['  conv 8 # a comment |', { kind: 'none' }],
    ['import "lib/|', { kind: 'none' }],
    ['|', { kind: 'statement' }],
    // A parenthesis in a comment or a string of an earlier line opens nothing.
    ['body {\n  # pools (see Figure 5\n  con|', { kind: 'statement' }],
    ['import "odd(name.incep"\nmodel M {\n  body {\n    conv 8 |', { kind: 'settings', callee: 'conv' }],
  ];
  for (const [marked, expected] of cases) {
    it(`${JSON.stringify(marked)} → ${expected.kind}`, () => {
      const offset = marked.indexOf('|');
      expect(completionContext(marked.replace('|', ''), offset)).to.deep.equal(expected);
    });
  }
});
