import { expect } from 'chai';
import { formatRunConfig } from '../../src/runConfig/formatRunConfig.js';
import { mergeRunConfig } from '../../src/runConfig/mergeRunConfig.js';
import { parseRunConfig } from '../../src/runConfig/parseRunConfig.js';
import type { RunConfig } from '../../src/runConfig/RunConfig.js';
import { describe_ } from '../fixtures/helpers.js';

const CONFIGS: Array<{ name: string; config: RunConfig }> = [
  { name: 'nothing', config: {} },
  { name: 'a few keys', config: { spec: 'specs/inception_v1.incep', epochs: 3, batch: 16, lr: 0.001 } },
  {
    name: 'every key',
    config: {
      spec: 'specs/inception_v3.incep',
      data: { train: 'data/train', val: 'data/val', val_split: 0.2, synthetic: 64 },
      out: 'out/run 1',
      epochs: 30,
      batch: 32,
      lr: 0.045,
      classes: 1000,
      input: '299x299x3',
      width: 0.25,
      weights: 'weights/v3',
      freeze: 'mixed[0-7]*',
      seed: 42,
      backend: 'tensorflow',
      resume: true,
      optimizer: {
        name: 'adamw',
        lr: 1e-3,
        momentum: 0,
        rho: 0.9,
        epsilon: 1e-7,
        beta1: 0.9,
        beta2: 0.999,
        weight_decay: 0.004,
        nesterov: false,
        centered: true,
      },
      schedule: { name: 'cosine', rate: 0.5, every_epochs: 1.5, min_lr: 1e-6, staircase: false },
      label_smoothing: 0.1,
      clipnorm: 2,
      weight_decay: 4e-5,
      warmup_epochs: 5,
    },
  },
  {
    // Strings YAML would otherwise read as other types must come back as strings.
    name: 'strings that look like other values',
    config: { spec: 'yes', out: '123', weights: 'null', freeze: 'true', input: '1x1x1' },
  },
  { name: 'an empty section', config: { data: {} } },
];

describe('runConfig/formatRunConfig', () => {
  describe('round trip: format → parse gives the same config', () => {
    for (const row of CONFIGS) {
      it(row.name, () => {
        const text = formatRunConfig(row.config);
        const r = parseRunConfig(text, 'printed.yaml');
        expect(r.ok, `${describe_(r.diagnostics)}\n${text}`).to.equal(true);
        if (r.ok) expect(r.config).to.deep.equal(row.config);
      });
    }
  });

  it('prints the merged settings in the schema’s order, sections nested', () => {
    const file = parseRunConfig('optimizer: {lr: 0.1, name: momentum}\nepochs: 3\nspec: v3.incep\n', 'run.yaml');
    if (!file.ok) throw new Error(describe_(file.diagnostics));
    const merged = mergeRunConfig(file.config, { epochs: 5, optimizer: { nesterov: true } });
    expect(formatRunConfig(merged)).to.equal(
      ['spec: v3.incep', 'epochs: 5', 'optimizer:', '  name: momentum', '  lr: 0.1', '  nesterov: true', ''].join('\n'),
    );
  });

  it('leaves out settings that are undefined', () => {
    expect(formatRunConfig({ epochs: 2, batch: undefined, data: { train: 'd', val: undefined } })).to.equal(
      'data:\n  train: d\nepochs: 2\n',
    );
  });
});
