import { expect } from 'chai';
import { snakeCase } from '../../src/elaborate/elaborate.js';
import { aliasSeries, seriesName } from '../../src/instantiate/seriesName.js';
import { compileText } from '../fixtures/helpers.js';

describe('instantiate/seriesName', () => {
  const series: Array<[string, number, string[]]> = [
    ['mixed1', 2, ['mixed1', 'mixed2']],
    ['mixed9', 2, ['mixed9', 'mixed10']],
    ['block35_1', 3, ['block35_1', 'block35_2', 'block35_3']],
    ['mixed_5b', 4, ['mixed_5b', 'mixed_5c', 'mixed_5d', 'mixed_5e']],
    ['mixed_6y', 3, ['mixed_6y_1', 'mixed_6y_2', 'mixed_6y_3']],
    ['b', 2, ['b_1', 'b_2']],
    ['solo', 1, ['solo']],
  ];
  for (const [alias, times, expected] of series) {
    it(`'${alias}' x ${times} names ${expected.join(', ')}`, () => {
      expect(Array.from({ length: times }, (_, i) => seriesName(alias, times, i))).to.deep.equal(expected);
    });
  }

  const kinds: Array<[string, number, ReturnType<typeof aliasSeries>]> = [
    ['solo', 1, { kind: 'single', name: 'solo' }],
    ['mixed1', 1, { kind: 'single', name: 'mixed1' }],
    ['mixed9', 2, { kind: 'digits', stem: 'mixed', start: 9 }],
    ['block35_1', 3, { kind: 'digits', stem: 'block35_', start: 1 }],
    ['mixed_5b', 4, { kind: 'letters', stem: 'mixed_5', first: 'b'.charCodeAt(0) }],
    ['mixed_6y', 3, { kind: 'suffix', stem: 'mixed_6y' }],
    ['b', 2, { kind: 'suffix', stem: 'b' }],
  ];
  for (const [alias, times, expected] of kinds) {
    it(`aliasSeries('${alias}', ${times}) is ${expected.kind}`, () =>
      expect(aliasSeries(alias, times)).to.deep.equal(expected));
  }

  const snakes: Array<[string, string]> = [
    ['ReductionA', 'reduction_a'],
    ['Block35', 'block35'],
    ['KerasStem', 'keras_stem'],
    ['IRv2Block', 'i_rv2_block'],
    ['A', 'a'],
  ];
  for (const [from, to] of snakes) it(`snakeCase(${from}) is ${to}`, () => expect(snakeCase(from)).to.equal(to));

  describe('`as` names in specs', () => {
    const spec = `block P {
  branch a { conv 4 1x1 as proj }
  branch b { conv 4 3x3 same; split { conv 2 1x1 } { conv 2 1x1 } as both }
}
model M {
  input 8x8x3
  stem { conv 8 3x3 same x 2 as s1; conv 8 1x1 bn relu as tap }
  body { P x 2 as p1 }
  aux side at tap { globalavgpool; dense classes }
  head { globalavgpool as gap }
}`;
    const r = compileText(spec);
    it('compiles', () => expect(r.ok, JSON.stringify(r.diagnostics)).to.equal(true));
    const layerNames = r.ir?.layers.map((l) => l.name) ?? [];
    it('keeps a section name as written and counts repeated ops up like instances', () => {
      expect(layerNames).to.include.members(['s1', 's2', 'tap', 'gap']);
    });
    it('prefixes an `as` name inside a block with its instance, so the block can be used twice', () => {
      expect(layerNames).to.include.members(['p1_a_proj', 'p2_a_proj', 'p1_b_both', 'p2_b_both', 'p1_b_both_1_conv1']);
    });
    it('taps an aux head at a named op after its BN and activation', () => {
      expect(r.ir!.outputs.aux[0]!.at).to.equal('tap_ac');
    });
  });
});
