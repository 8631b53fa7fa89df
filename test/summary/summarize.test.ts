import { expect } from 'chai';
import { compile, compileFile } from '../../src/compile.js';
import type { IRModel } from '../../src/ir/ir.js';
import { summarize } from '../../src/summary/summarize.js';
import { TINY } from '../cli/runCli.js';

function ir(source: string): IRModel {
  const result = compile(source, { filename: 'tiny.incep' });
  expect(result.ok, JSON.stringify(result.diagnostics)).to.equal(true);
  return result.ir!;
}

describe('summary/summarize', () => {
  const v3 = compileFile('specs/inception_v3.incep').ir!;
  const tiny = ir(TINY);

  const cases: Array<{
    name: string;
    model: () => IRModel;
    aux: boolean;
    total: number;
    trainable: number;
    macs: number;
    layers: number;
    output: Array<number | null>;
  }> = [
    {
      name: 'v3 inference',
      model: () => v3,
      aux: false,
      total: 23_851_784,
      trainable: 23_817_352,
      macs: 5_713_216_096,
      layers: 313,
      output: [null, 1000],
    },
    {
      name: 'v3 with aux',
      model: () => v3,
      aux: true,
      total: 27_179_376,
      trainable: 27_143_152,
      macs: 5_718_899_296,
      layers: 322,
      output: [null, 1000],
    },
    {
      name: 'tiny inference',
      model: () => tiny,
      aux: false,
      total: 1_778,
      trainable: 1_778,
      macs: 354_760,
      layers: 15,
      output: [null, 10],
    },
    {
      name: 'tiny with aux',
      model: () => tiny,
      aux: true,
      total: 1_908,
      trainable: 1_908,
      macs: 354_880,
      layers: 17,
      output: [null, 10],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: totals, layers and output`, () => {
      const s = summarize(c.model(), { aux: c.aux });
      expect(s.params).to.deep.equal({ total: c.total, trainable: c.trainable, nonTrainable: c.total - c.trainable });
      expect(s.macs).to.equal(c.macs);
      expect(s.layers).to.have.length(c.layers);
      expect(s.output).to.deep.equal(c.output);
      // The listed layers add up to the totals: nothing counted is hidden, nothing shown is extra.
      expect(s.layers.reduce((n, l) => n + l.params.total, 0)).to.equal(c.total);
      expect(s.layers.reduce((n, l) => n + l.params.trainable, 0)).to.equal(c.trainable);
      expect(s.layers.reduce((n, l) => n + l.macs, 0)).to.equal(c.macs);
      expect(s.layers.some((l) => l.section === 'aux')).to.equal(c.aux);
    });
  }

  it('keeps the scope of each layer, with optional keys only when set', () => {
    const s = summarize(tiny, { aux: true });
    const byName = new Map(s.layers.map((l) => [l.name, l]));
    expect(Object.keys(byName.get('input')!)).to.deep.equal([
      'name',
      'op',
      'inputs',
      'shape',
      'params',
      'macs',
      'section',
    ]);
    expect(byName.get('blk1')).to.deep.include({ op: 'concat', section: 'body', block: 'B', instance: 'blk1' });
    expect(byName.get('res')).to.deep.include({ op: 'scaledadd', section: 'body', block: 'R', instance: 'res' });
    expect(byName.get('side_dense1')).to.deep.include({ section: 'aux', aux: 'side', inputs: ['side_globalavgpool1'] });
    expect(byName.get('head_dense1')).to.deep.include({
      section: 'head',
      shape: [null, 10],
      params: { total: 170, trainable: 170, nonTrainable: 0 },
      macs: 160,
    });
  });

  it('copies the train section without its span, and leaves it out when absent', () => {
    expect(summarize(tiny).train).to.deep.equal({ optimizer: { name: 'sgd', options: { lr: 0.1 } }, epochs: 3 });
    expect(summarize(ir(TINY.replace(/ {2}train \{[^}]*\}\n/, '')))).not.to.have.property('train');
  });

  it('does not share arrays with the IR', () => {
    const s = summarize(tiny);
    s.input[0] = 1;
    s.layers[0]!.shape[1] = 1;
    expect(tiny.input[0]).to.equal(32);
    expect(tiny.layers[0]!.shape[1]).to.equal(32);
  });
});
