import { expect } from 'chai';
import { mergeRunConfig } from '../../src/runConfig/mergeRunConfig.js';
import type { RunConfig } from '../../src/runConfig/RunConfig.js';

const FILE: RunConfig = {
  spec: 'specs/inception_v3.incep',
  epochs: 30,
  data: { train: 'data/train', val_split: 0.1 },
  optimizer: { name: 'rmsprop', lr: 0.045, rho: 0.9, epsilon: 1 },
  schedule: { name: 'exponential', rate: 0.94, every_epochs: 2 },
};

const ROWS: Array<{ name: string; file: RunConfig; flags: RunConfig; merged: RunConfig }> = [
  { name: 'no flags: the file as it is', file: FILE, flags: {}, merged: FILE },
  { name: 'no file: the flags', file: {}, flags: { epochs: 2, batch: 8 }, merged: { epochs: 2, batch: 8 } },
  { name: 'a top-level flag wins', file: FILE, flags: { epochs: 3 }, merged: { ...FILE, epochs: 3 } },
  {
    name: 'a nested flag changes only its key',
    file: FILE,
    flags: { optimizer: { lr: 0.1 } },
    merged: { ...FILE, optimizer: { name: 'rmsprop', lr: 0.1, rho: 0.9, epsilon: 1 } },
  },
  {
    name: 'nested flags in two sections, and a new key',
    file: FILE,
    flags: { data: { val: 'data/val' }, schedule: { staircase: true }, backend: 'cpu' },
    merged: {
      ...FILE,
      data: { train: 'data/train', val_split: 0.1, val: 'data/val' },
      schedule: { name: 'exponential', rate: 0.94, every_epochs: 2, staircase: true },
      backend: 'cpu',
    },
  },
  {
    name: 'a section the file lacks',
    file: { epochs: 1 },
    flags: { optimizer: { name: 'adam' } },
    merged: { epochs: 1, optimizer: { name: 'adam' } },
  },
  {
    name: 'flags left undefined keep the file’s values',
    file: FILE,
    flags: { epochs: undefined, optimizer: { lr: undefined, name: 'sgd' } },
    merged: { ...FILE, optimizer: { name: 'sgd', lr: 0.045, rho: 0.9, epsilon: 1 } },
  },
  {
    name: 'false and 0 are values, not absences',
    file: { resume: true, seed: 7, optimizer: { nesterov: true } },
    flags: { resume: false, seed: 0, optimizer: { nesterov: false } },
    merged: { resume: false, seed: 0, optimizer: { nesterov: false } },
  },
];

describe('runConfig/mergeRunConfig', () => {
  for (const row of ROWS) {
    it(row.name, () => {
      expect(mergeRunConfig(row.file, row.flags)).to.deep.equal(row.merged);
    });
  }

  it('changes neither argument, and shares no section with them', () => {
    const file = structuredClone(FILE);
    const flags: RunConfig = { optimizer: { lr: 0.2 } };
    const merged = mergeRunConfig(file, flags);
    expect(file).to.deep.equal(FILE);
    expect(flags).to.deep.equal({ optimizer: { lr: 0.2 } });
    merged.data!.train = 'elsewhere';
    merged.optimizer!.rho = 0.5;
    expect(file).to.deep.equal(FILE);
  });
});
