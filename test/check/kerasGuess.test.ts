import { expect } from 'chai';

import { compileText } from '../fixtures/helpers.js';

// What a Keras or PyTorch user types first, and the hint that says how incep writes it.
const GUESSES: Array<[string, string, RegExp]> = [
  ['conv 64 3x3 stride 2', 'E0406', /write the stride after the size, `conv … 3x3 \/2`, or as `stride=2`/],
  ['conv 64 3x3 strides=2', 'E0405', /write the stride after the size/],
  ['maxpool 3x3 strides=2', 'E0405', /`maxpool … 3x3 \/2`/],
  ['conv 64 3x3 activation=relu', 'E0405', /write the activation as a word \(`conv … relu`\) or as `act=relu`/],
  ['conv 64 kernel_size=3', 'E0405', /write the size as HxW after the filters: `conv 64 3x3`/],
  ['maxpool pool_size=3', 'E0405', /write the size as HxW right after the op: `maxpool 3x3`/],
  ['conv 64 3x3 use_bias=false', 'E0405', /write `bias` or `nobias`/],
  ['conv 64 3x3 dilation_rate=2', 'E0405', /the setting is `dilation=2`/],
  ['conv 64 3x3 padding=full', 'E0302', /padding is `same` .* or `valid`/],
  ['globalavgpool same', 'E0406', /'globalavgpool' has no padding to set/],
];

describe('check: hints for Keras-style guesses', () => {
  for (const [ops, code, hint] of GUESSES) {
    it(`${ops} → ${code} with a hint that shows incep's spelling`, () => {
      const r = compileText(`model M {\n  input 32x32x3\n  stem { ${ops} }\n}\n`);
      expect(r.diagnostics.map((d) => d.code)).to.deep.equal([code]);
      expect(r.diagnostics[0]!.hint).to.match(hint);
    });
  }

  it('leaves real typos to the closest name (stirde → stride)', () => {
    const r = compileText('model M {\n  input 32x32x3\n  stem { conv 64 3x3 stirde=2 }\n}\n');
    expect(r.diagnostics[0]!.hint).to.equal("did you mean 'stride'?");
  });
});
