import { expect } from 'chai';
import { formatDiagnostic } from '../../src/diagnostics/formatDiagnostic.js';
import { MAX_ALIAS_COUNT, MAX_RUN_FILE_BYTES, parseRunConfig } from '../../src/runConfig/parseRunConfig.js';
import type { RunConfig } from '../../src/runConfig/RunConfig.js';
import { at, describe_, expectDiagnostic, type DiagnosticCase } from '../fixtures/helpers.js';

const FULL = `# Fine-tune InceptionV3 on a folder of flowers.
spec: specs/inception_v3.incep
data:
  train: data/flowers/train
  val_split: 0.1
out: out/flowers
epochs: 30
batch: 32
lr: 0.045
classes: 5
input: 299x299x3
width: 0.5
weights: weights/inception_v3
freeze: mixed7
seed: 0
backend: wasm
resume: false
optimizer:
  name: rmsprop
  rho: 0.9
  momentum: 0.9
  epsilon: 1.0
  centered: false
schedule:
  name: exponential
  rate: 0.94
  every_epochs: 2
  staircase: true
label_smoothing: 0.1
clipnorm: 2.0
weight_decay: 0.00004
warmup_epochs: 0
`;

const GOOD: Array<{ name: string; text: string; config: RunConfig }> = [
  {
    name: 'every key of the command',
    text: FULL,
    config: {
      spec: 'specs/inception_v3.incep',
      data: { train: 'data/flowers/train', val_split: 0.1 },
      out: 'out/flowers',
      epochs: 30,
      batch: 32,
      lr: 0.045,
      classes: 5,
      input: '299x299x3',
      width: 0.5,
      weights: 'weights/inception_v3',
      freeze: 'mixed7',
      seed: 0,
      backend: 'wasm',
      resume: false,
      optimizer: { name: 'rmsprop', rho: 0.9, momentum: 0.9, epsilon: 1, centered: false },
      schedule: { name: 'exponential', rate: 0.94, every_epochs: 2, staircase: true },
      label_smoothing: 0.1,
      clipnorm: 2,
      weight_decay: 0.00004,
      warmup_epochs: 0,
    },
  },
  { name: 'an empty file', text: '', config: {} },
  { name: 'comments only (a template)', text: '# epochs: 10\n# batch: 32\n', config: {} },
  { name: 'flow style', text: '{epochs: 2, data: {synthetic: 64}}', config: { epochs: 2, data: { synthetic: 64 } } },
  { name: 'a BOM, CRLF line ends', text: '\uFEFFepochs: 3\r\nbatch: 8\r\n', config: { epochs: 3, batch: 8 } },
  { name: 'scientific notation', text: 'lr: 1e-3\n', config: { lr: 0.001 } },
  {
    name: 'an alias used a few times',
    text: 'data: {train: &d data/all}\nout: *d\nweights: *d\n',
    config: { data: { train: 'data/all' }, out: 'data/all', weights: 'data/all' },
  },
  {
    name: 'momentum with nesterov, cosine schedule',
    text: 'optimizer: {name: momentum, lr: 0.1, momentum: 0.9, nesterov: true}\nschedule: {name: cosine, min_lr: 0}\n',
    config: {
      optimizer: { name: 'momentum', lr: 0.1, momentum: 0.9, nesterov: true },
      schedule: { name: 'cosine', min_lr: 0 },
    },
  },
  { name: 'an upper-case X in input', text: 'input: 224X224X3\n', config: { input: '224X224X3' } },
];

/** One problem per row: its code, exact `line:col`, the message and the hint. */
const BAD: DiagnosticCase[] = [
  // Syntax (E0611)
  {
    name: 'an unclosed flow sequence',
    source: 'epochs: [1\nbatch: 2\n',
    code: 'E0611',
    at: '2:1',
    message: 'flow sequence in block collection must be sufficiently indented and end with a ]',
  },
  {
    name: 'keys not lined up',
    source: 'optimizer:\n  name: adam\n lr: 0.1\n',
    code: 'E0611',
    at: '3:1',
    message: 'all mapping items must start at the same column',
  },
  {
    name: 'a tab as indentation',
    source: 'optimizer:\n\tname: adam\n',
    code: 'E0611',
    at: '2:1',
    message: 'tabs are not allowed as indentation',
    hint: 'indent with spaces',
  },
  {
    name: 'a key given twice',
    source: 'epochs: 1\nbatch: 2\nepochs: 3\n',
    code: 'E0611',
    at: '3:1',
    message: "'epochs' is given twice",
    hint: 'keep one of them',
    related: ['first given here'],
  },
  {
    name: 'a second document',
    source: 'epochs: 1\n---\nbatch: 2\n',
    code: 'E0611',
    at: '2:1',
    message: 'source contains multiple documents',
    hint: 'a run file holds one document',
  },
  {
    name: 'a custom tag',
    source: 'epochs: !int 3\n',
    code: 'E0611',
    at: '1:9',
    message: 'unresolved tag: !int',
    hint: 'remove the tag',
  },
  {
    name: 'an alias to no anchor',
    source: 'epochs: *e\n',
    code: 'E0611',
    at: '1:9',
    message: 'unresolved alias',
  },
  // Unknown keys (E0612)
  {
    name: 'a misspelt top-level key',
    source: 'spec: v3.incep\nbacth: 32\n',
    code: 'E0612',
    at: '2:1',
    message: "unknown key 'bacth'",
    hint: "did you mean 'batch'?",
  },
  {
    name: 'a misspelt nested key',
    source: 'optimizer:\n  name: momentum\n  momentun: 0.9\n',
    code: 'E0612',
    at: '3:3',
    message: "unknown key 'momentun' in 'optimizer'",
    hint: "did you mean 'momentum'?",
  },
  {
    name: 'a nested key at the top level',
    source: 'epochs: 3\nnesterov: true\n',
    code: 'E0612',
    at: '2:1',
    message: "unknown key 'nesterov'",
    hint: "'nesterov' belongs under 'optimizer:'",
  },
  {
    name: 'a top-level key inside a section',
    source: 'data:\n  train: d\n  epochs: 3\n',
    code: 'E0612',
    at: '3:3',
    message: "unknown key 'epochs' in 'data'",
    hint: "'epochs' is a top-level key; move it out of 'data'",
  },
  {
    name: 'a key nothing is close to',
    source: 'schedule: {name: step, banana: 1}\n',
    code: 'E0612',
    at: '1:24',
    message: "unknown key 'banana' in 'schedule'",
    hint: 'the keys in',
  },
  {
    name: 'a __proto__ key',
    source: '__proto__: {epochs: 1}\n',
    code: 'E0612',
    at: '1:1',
    message: "unknown key '__proto__'",
  },
  // Types and ranges (E0613)
  {
    name: 'a word for an integer',
    source: 'epochs: ten\n',
    code: 'E0613',
    at: '1:9',
    message: "'epochs' must be an integer ≥ 1, not 'ten'",
  },
  {
    name: 'a zero batch',
    source: 'batch: 0\n',
    code: 'E0613',
    at: '1:8',
    message: "'batch' must be an integer ≥ 1, not 0",
  },
  {
    name: 'a fraction for an integer',
    source: 'seed: 1.5\n',
    code: 'E0613',
    at: '1:7',
    message: "'seed' must be an integer ≥ 0, not 1.5",
    hint: 'write a whole number such as 2',
  },
  { name: 'a zero lr', source: 'lr: 0\n', code: 'E0613', at: '1:5', message: "'lr' must be a number > 0, not 0" },
  {
    name: 'a quoted number',
    source: 'optimizer:\n  lr: "0.1"\n',
    code: 'E0613',
    at: '2:7',
    message: "'optimizer.lr' must be a number > 0, not '0.1'",
    hint: 'remove the quotes',
  },
  {
    name: 'infinity',
    source: 'clipnorm: .inf\n',
    code: 'E0613',
    at: '1:11',
    message: "'clipnorm' must be a number ≥ 0, not .inf",
  },
  {
    name: 'not a number',
    source: 'weight_decay: .nan\n',
    code: 'E0613',
    at: '1:15',
    message: "'weight_decay' must be a number ≥ 0, not .nan",
  },
  {
    name: 'val_split of 1',
    source: 'data:\n  val_split: 1\n',
    code: 'E0613',
    at: '2:14',
    message: "'data.val_split' must be a number > 0 and < 1, not 1",
  },
  {
    name: 'label smoothing of 1',
    source: 'label_smoothing: 1\n',
    code: 'E0613',
    at: '1:18',
    message: "'label_smoothing' must be a number ≥ 0 and < 1, not 1",
  },
  {
    name: 'a width above 4',
    source: 'width: 5\n',
    code: 'E0613',
    at: '1:8',
    message: "'width' must be a number > 0 and ≤ 4, not 5",
  },
  {
    name: 'too many classes',
    source: 'classes: 2000000\n',
    code: 'E0613',
    at: '1:10',
    message: "'classes' must be an integer from 1 to 1000000, not 2000000",
  },
  {
    name: 'an unknown backend',
    source: 'backend: gpu\n',
    code: 'E0613',
    at: '1:10',
    message: "'backend' must be one of 'auto', 'tensorflow', 'wasm' or 'cpu', not 'gpu'",
    hint: "did you mean 'cpu'?",
  },
  {
    name: 'a misspelt optimizer',
    source: 'optimizer:\n  name: adamm\n',
    code: 'E0613',
    at: '2:9',
    message: "'optimizer.name' must be one of 'sgd', 'momentum', 'rmsprop', 'adam' or 'adamw', not 'adamm'",
    hint: "did you mean 'adam' or 'adamw'?",
  },
  {
    name: 'yes for a boolean',
    source: 'resume: yes\n',
    code: 'E0613',
    at: '1:9',
    message: "'resume' must be true or false, not 'yes'",
    hint: "YAML 1.2 reads 'yes' as a string",
  },
  {
    name: 'a malformed input',
    source: 'input: 224x224\n',
    code: 'E0613',
    at: '1:8',
    message: "'input' must be a size HxWxC such as 224x224x3, not '224x224'",
  },
  {
    name: 'an input side beyond the limits',
    source: 'input: 99999x3x3\n',
    code: 'E0613',
    at: '1:8',
    message: "'input': height and width must be from 1 to 16384, not '99999x3x3'",
  },
  {
    name: 'a number for a path',
    source: 'spec: 3\n',
    code: 'E0613',
    at: '1:7',
    message: "'spec' must be the path of a .incep spec, not 3",
  },
  {
    name: 'an empty section',
    source: 'data:\nepochs: 3\n',
    code: 'E0613',
    at: '1:1',
    message: "'data' must be a mapping of train, val, val_split, synthetic, not empty",
    hint: "write its keys indented on the lines below 'data:'",
  },
  {
    name: 'an empty value',
    source: 'epochs:\nbatch: 2\n',
    code: 'E0613',
    at: '1:1',
    message: "'epochs' must be an integer ≥ 1, not empty",
  },
  {
    name: 'a list for a section',
    source: 'optimizer:\n  - adam\n',
    code: 'E0613',
    at: '2:3',
    message: "'optimizer' must be a mapping of name, lr,",
  },
  {
    name: 'a list at the top',
    source: '- epochs: 3\n',
    code: 'E0613',
    at: '1:1',
    message: 'a run file must be a mapping of settings, not a list',
  },
  {
    name: 'a plain string at the top',
    source: 'specs/inception_v3.incep\n',
    code: 'E0613',
    at: '1:1',
    message: "a run file must be a mapping of settings, not the string 'specs/inception_v3.incep'",
  },
  {
    name: 'null at the top',
    source: '~\n',
    code: 'E0613',
    at: '1:1',
    message: 'a run file must be a mapping of settings, not empty (null)',
  },
  {
    name: 'a value through an alias',
    source: 'data: {synthetic: &n 0}\nepochs: *n\n',
    code: 'E0613',
    at: '2:9',
    message: "'epochs' must be an integer ≥ 1, not 0",
  },
];

/** A billion laughs: ten levels, each a list of nine aliases of the level before. */
function aliasBomb(levels = 10): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n') + '\n';
}

describe('runConfig/parseRunConfig', () => {
  describe('good files', () => {
    for (const row of GOOD) {
      it(row.name, () => {
        const r = parseRunConfig(row.text, 'run.yaml');
        expect(r.ok, describe_(r.diagnostics)).to.equal(true);
        if (r.ok) expect(r.config).to.deep.equal(row.config);
      });
    }
  });

  describe('every kind of error, at its line:col', () => {
    for (const row of BAD) {
      it(`${row.name} → ${row.code} at ${row.at}`, () => {
        const r = parseRunConfig(row.source, 'run.yaml');
        expect(r.ok).to.equal(false);
        const d = expectDiagnostic(r.diagnostics, row);
        expect(d.severity).to.equal('error');
        expect(d.span?.file).to.equal('run.yaml');
      });
    }
  });

  it('reports every problem of a file, in the order of the file', () => {
    const text = 'bacth: 32\nepochs: 0\noptimizer:\n  name: adamm\n  lrr: 1\nbackend: gpu\n';
    const r = parseRunConfig(text, 'run.yaml');
    expect(r.diagnostics.map((d) => `${d.code}@${at(d)}`)).to.deep.equal([
      'E0612@1:1',
      'E0613@2:9',
      'E0613@4:9',
      'E0612@5:3',
      'E0613@6:10',
    ]);
  });

  it('checks the limits of input alongside the other problems', () => {
    const r = parseRunConfig('epochs: 0\ninput: 3x3x99999\n', 'run.yaml');
    expect(r.diagnostics.map((d) => `${d.code}@${at(d)} ${d.message}`)).to.deep.equal([
      "E0613@1:9 'epochs' must be an integer ≥ 1, not 0",
      "E0613@2:8 'input': channels must be from 1 to 4096, not '3x3x99999'",
    ]);
  });

  it('gives one diagnostic for a value that breaks several rules', () => {
    const r = parseRunConfig('batch: -1.5\n', 'run.yaml');
    expect(r.diagnostics.map((d) => d.message)).to.deep.equal(["'batch' must be an integer ≥ 1, not -1.5"]);
  });

  it('prints with the usual header, code frame and hint', () => {
    const r = parseRunConfig('spec: v3.incep\nbacth: 32\n', 'run.yaml');
    expect(formatDiagnostic(r.diagnostics[0]!, { sources: r.sources })).to.equal(
      [
        "run.yaml:2:1: error[E0612]: unknown key 'bacth'",
        '  1 | spec: v3.incep',
        '> 2 | bacth: 32',
        '    | ^^^^^',
        '  3 |',
        "hint: did you mean 'batch'?",
      ].join('\n'),
    );
  });

  it('refuses an alias bomb as E0614, in well under a second', () => {
    const t0 = performance.now();
    const r = parseRunConfig(aliasBomb(), 'bomb.yaml');
    const ms = performance.now() - t0;
    expect(r.ok).to.equal(false);
    expect(r.diagnostics.map((d) => `${d.code}@${at(d)}`)).to.deep.equal(['E0614@2:10']);
    expect(r.diagnostics[0]!.message).to.include(`more than ${MAX_ALIAS_COUNT} times`);
    expect(ms).to.be.below(250);
  });

  it('refuses a text over the size limit before parsing it', () => {
    const t0 = performance.now();
    const r = parseRunConfig('#'.repeat(MAX_RUN_FILE_BYTES + 1), 'big.yaml');
    expect(performance.now() - t0).to.be.below(250);
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['E0610']);
    expect(r.diagnostics[0]!.message).to.equal("run file 'big.yaml' is 1.0 MiB; the limit is 1 MiB");
  });

  it('returns the text under its name for the code frames', () => {
    const r = parseRunConfig('epochs: 1\n', 'a/run.yaml');
    expect([...r.sources]).to.deep.equal([['a/run.yaml', 'epochs: 1\n']]);
  });
});
