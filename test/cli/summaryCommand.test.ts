import { expect } from 'chai';
import type { ModelSummary } from '../../src/summary/summarize.js';
import { runCli, tempDir, TINY, V3 } from './runCli.js';

describe('cli/summaryCommand', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    tmp = await tempDir({
      'tiny.incep': TINY,
      'lib.incep': 'block X { conv 4 1x1 }\n',
      'typo.incep': 'model T {\n  stem { cnov 8 3x3 }\n}\n',
    });
  });
  after(() => tmp.cleanup());

  describe('text table', () => {
    const cases: Array<{ args: string[]; has: RegExp[]; hasNot?: RegExp[]; stderr?: RegExp }> = [
      {
        args: [V3],
        has: [
          /^Model: InceptionV3\n/,
          /Layer +Op +Kernel +Output shape +Params +MACs +Connected to/,
          /^mixed0 \(A\)$/m,
          /^mixed10 \(E\)$/m,
          /^stem$/m,
          /^head$/m,
          /\(None, 35, 35, 256\)/,
          /subtotal/,
          /Total params: +23,851,784/,
          /Trainable params: +23,817,352/,
          /Non-trainable params: +34,432/,
          /Total MACs: +5,713,216,096 +\(5\.713 G\)/,
          /^ {2}stem_conv1 +conv2d +3x3 \/2 valid +\(None, 149, 149, 32\) +864 +19,181,664 +input$/m,
          /\n\nTraining recipe:\n {2}optimizer rmsprop\(lr=0\.045, rho=0\.9, epsilon=1\)\n {2}schedule exponential\(rate=0\.94, every=2 epochs\)\n/,
        ],
        hasNot: [/aux logits/, /logits_conv1/],
      },
      {
        args: [V3, '--aux'],
        has: [
          /^aux logits \(at mixed7, weight 0\.4\)$/m,
          /logits_dense1/,
          /Total params: +27,179,376/,
          /Total MACs: +5,718,899,296/,
        ],
      },
      { args: [V3, '--classes', '10'], has: [/predictions +dense +\(None, 10\) +20,490/, /Total params: +21,823,274/] },
      // The aux head cannot run at 75x75; the inference graph can, with a warning.
      {
        args: [V3, '--input', '75x75x3'],
        has: [/Input: 75x75x3/, /\(None, 1, 1, 2048\)/, /Total params: +23,851,784/],
        stderr: /warning\[W0502\]: aux head 'logits' is left out/,
      },
    ];
    for (const c of cases) {
      it(`summary ${c.args.join(' ')}`, async () => {
        const run = await runCli(['summary', ...c.args]);
        expect(run.code, run.stderr).to.equal(0);
        if (c.stderr) expect(run.stderr).to.match(c.stderr);
        else expect(run.stderr).to.equal('');
        for (const re of c.has) expect(run.stdout).to.match(re);
        for (const re of c.hasNot ?? []) expect(run.stdout).not.to.match(re);
      });
    }
  });

  describe('--blocks', () => {
    it('rolls each block instance up into one row with its share of the totals', async () => {
      const run = await runCli(['summary', V3, '--blocks']);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.match(/^Block +Output shape +Params +of params +MACs +of MACs$/m);
      expect(run.stdout).to.match(/^mixed0 \(A\) +35x35x256 +256,368 +1\.1% +312,345,600 +5\.5%$/m);
      expect(run.stdout).to.match(/^Total +23,851,784 +5,713,216,096$/m);
      expect(run.stdout).not.to.match(/mixed0_branch1x1_conv1/);
    });

    it('with --json adds a blocks list whose rows add up to the totals', async () => {
      const run = await runCli(['summary', V3, '--blocks', '--json', '--aux']);
      const json = JSON.parse(run.stdout) as ModelSummary & {
        blocks: Array<{ title: string; output: Array<number | null>; params: number; macs: number }>;
      };
      expect(json.blocks.map((b) => b.title)).to.include.members([
        'stem',
        'mixed10 (E)',
        'aux logits (at mixed7, weight 0.4)',
      ]);
      expect(json.blocks.reduce((s, b) => s + b.params, 0)).to.equal(json.params.total);
      expect(json.blocks.reduce((s, b) => s + b.macs, 0)).to.equal(json.macs);
    });
  });

  describe('--json', () => {
    const cases: Array<{ args: string[]; total: number; macs: number; output: Array<number | null>; layers: number }> =
      [
        { args: [V3], total: 23_851_784, macs: 5_713_216_096, output: [null, 1000], layers: 313 },
        { args: [V3, '--aux'], total: 27_179_376, macs: 5_718_899_296, output: [null, 1000], layers: 322 },
        { args: [V3, '--classes', '10'], total: 21_823_274, macs: 5_711_188_576, output: [null, 10], layers: 313 },
      ];
    for (const c of cases) {
      it(`summary ${c.args.join(' ')} --json`, async () => {
        const run = await runCli(['summary', ...c.args, '--json']);
        expect(run.code, run.stderr).to.equal(0);
        const json = JSON.parse(run.stdout) as ModelSummary;
        expect(Object.keys(json)).to.deep.equal([
          'name',
          'input',
          'output',
          'params',
          'macs',
          'layers',
          ...(c.args.includes('--aux') ? ['auxHeads'] : []),
          'train',
        ]);
        expect(json.name).to.equal('InceptionV3');
        expect(json.input).to.deep.equal([299, 299, 3]);
        expect(json.output).to.deep.equal(c.output);
        expect(json.params.total).to.equal(c.total);
        expect(json.params.trainable + json.params.nonTrainable).to.equal(c.total);
        expect(json.macs).to.equal(c.macs);
        expect(json.layers).to.have.length(c.layers);
        expect(json.layers.reduce((s, l) => s + l.params.total, 0)).to.equal(c.total);
        expect(json.layers.reduce((s, l) => s + l.macs, 0)).to.equal(c.macs);
        expect(json.train).to.deep.include({ clipnorm: 2, labelSmoothing: 0.1 });
        expect(json.train).not.to.have.property('span');
      });
    }

    it('describes each layer with its scope', async () => {
      const run = await runCli(['summary', V3, '--json']);
      const layers = (JSON.parse(run.stdout) as ModelSummary).layers;
      expect(layers.find((l) => l.name === 'mixed0')).to.deep.equal({
        name: 'mixed0',
        op: 'concat',
        inputs: [
          'mixed0_branch1x1_conv1_ac',
          'mixed0_branch5x5_conv2_ac',
          'mixed0_branch3x3dbl_conv3_ac',
          'mixed0_branch_pool_conv1_ac',
        ],
        shape: [null, 35, 35, 256],
        params: { total: 0, trainable: 0, nonTrainable: 0 },
        macs: 0,
        section: 'body',
        block: 'A',
        instance: 'mixed0',
      });
      expect(layers[0]).to.deep.include({ name: 'input', op: 'input', section: 'input' });
      expect(layers.find((l) => l.name === 'stem_conv1')).to.deep.include({
        section: 'stem',
        params: { total: 864, trainable: 864, nonTrainable: 0 },
      });
    });

    it('omits train when the spec has none', async () => {
      const run = await runCli(['summary', tmp.path('tiny.incep'), '--json']);
      expect(run.code).to.equal(0);
      expect(JSON.parse(run.stdout)).to.have.property('train');
      const noTrain = TINY.replace(/ {2}train \{[^}]*\}\n/, '');
      const t = await tempDir({ 'x.incep': noTrain });
      try {
        const json = JSON.parse((await runCli(['summary', t.path('x.incep'), '--json'])).stdout) as object;
        expect(json).not.to.have.property('train');
      } finally {
        await t.cleanup();
      }
    });
  });

  describe('failures', () => {
    const cases: Array<{ name: string; args: () => string[]; code: number; stderr: RegExp[] }> = [
      {
        name: 'a spec with errors',
        args: () => [tmp.path('typo.incep')],
        code: 1,
        stderr: [/error\[E0301\]/, /typo\.incep: failed/],
      },
      {
        name: 'a library without a model',
        args: () => [tmp.path('lib.incep')],
        code: 1,
        stderr: [/defines no model, only blocks/, /hint: /],
      },
      {
        name: 'a collapsing --input',
        args: () => [V3, '--input', '74x74x3'],
        code: 1,
        stderr: [/hint: the smallest input that works is 75x75x3/],
      },
      {
        name: 'a malformed --input',
        args: () => [V3, '--input', '75x75x3x1'],
        code: 2,
        stderr: [/--input expects HEIGHTxWIDTHxCHANNELS/],
      },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.code}`, async () => {
        const run = await runCli(['summary', ...c.args()]);
        expect(run.code, run.stderr).to.equal(c.code);
        expect(run.stdout).to.equal('');
        for (const re of c.stderr) expect(run.stderr).to.match(re);
      });
    }
  });
});
