import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { expect } from 'chai';
import { PNG } from 'pngjs';
import { runCli, tempDir } from './runCli.js';

const SPEC = `model Small {
  input 16x16x3
  defaults { conv: same relu bn(scale=false) }
  block A { branch { conv 8 1x1 } branch { conv 8 3x3 } }
  stem { conv 8 3x3 /2 }
  body { A as mixed0 }
  head { globalavgpool; dense classes softmax }
  train { optimizer adam(lr=0.01); epochs 2; batch 4 }
}
`;

/** A PNG of one colour, so two classes of folders are easy to tell apart. */
function png([r, g, b]: readonly [number, number, number]): Buffer {
  const image = new PNG({ width: 20, height: 20 });
  for (let i = 0; i < image.data.length; i += 4) image.data.set([r, g, b, 255], i);
  return PNG.sync.write(image);
}

describe('cli/train', function () {
  this.timeout(300_000);
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    tmp = await tempDir({ 'small.incep': SPEC });
    await mkdir(tmp.path('junk'));
    await writeFile(tmp.path('junk/notes.txt'), 'mine');
    for (const [cls, colour] of [
      ['cats', [250, 20, 20]],
      ['dogs', [20, 20, 250]],
    ] as const) {
      await mkdir(tmp.path(`images/${cls}`), { recursive: true });
      for (let i = 0; i < 6; i++) await writeFile(tmp.path(`images/${cls}/${i}.png`), png(colour));
    }
    await writeFile(tmp.path('images/cats/broken.png'), 'not an image');
    await mkdir(tmp.path('empty/cats'), { recursive: true });
    await mkdir(tmp.path('empty/dogs'), { recursive: true });
    await writeFile(tmp.path('empty/dogs/0.png'), png([20, 20, 250]));
  });
  after(() => tmp.cleanup());

  const usage: Array<[string, string[], RegExp]> = [
    ['no --out', ['small.incep', '--synthetic', '8'], /missing --out DIR/],
    ['neither data nor synthetic', ['small.incep', '--out', 'o'], /give one of --data DIR or --synthetic N/],
    [
      'both data and synthetic',
      ['small.incep', '--out', 'o', '--data', 'images', '--synthetic', '8'],
      /give one of --data DIR or --synthetic N/,
    ],
    [
      'a bad --epochs',
      ['small.incep', '--out', 'o', '--synthetic', '8', '--epochs', 'two'],
      /--epochs expects a whole number of 1 or more, found 'two'/,
    ],
    [
      'a bad --val-split',
      ['small.incep', '--out', 'o', '--data', 'images', '--val-split', '1.5'],
      /--val-split expects a fraction/,
    ],
    ['no SPEC', ['--out', 'o', '--synthetic', '8'], /missing SPEC/],
  ];
  for (const [what, args, message] of usage) {
    it(`refuses ${what} (exit 2)`, async () => {
      const run = await runCli(['train', ...args], { cwd: tmp.dir });
      expect(run.code, run.stderr).to.equal(2);
      expect(run.stderr).to.match(message);
    });
  }

  it('refuses an --out that holds something else, and an empty class folder, as errors (exit 1)', async () => {
    const foreign = await runCli(['train', 'small.incep', '--out', 'junk', '--synthetic', '8'], { cwd: tmp.dir });
    expect(foreign.code).to.equal(1);
    expect(foreign.stderr).to.match(/--out 'junk' holds files that are not an incep run/);
    expect(await readFile(tmp.path('junk/notes.txt'), 'utf8')).to.equal('mine');
    const empty = await runCli(['train', 'small.incep', '--out', 'o2', '--data', 'empty'], { cwd: tmp.dir });
    expect(empty.code).to.equal(1);
    expect(empty.stderr).to.match(/cats/);
  });

  it('trains on a folder, skips the broken file, writes checkpoints and metrics, and resumes', async () => {
    const first = await runCli(
      ['train', 'small.incep', '--data', 'images', '--val-split', '0.25', '--out', 'run', '--backend', 'cpu', '--json'],
      { cwd: tmp.dir },
    );
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.match(/training Small on \d+ images \(2 classes\)/);
    expect(first.stderr).to.match(/1 file skipped \(.*broken\.png/);
    expect(first.stderr).to.match(/epoch 2\/2 {2}loss /);
    const json = JSON.parse(first.stdout.trim().split('\n').pop()!) as {
      epochs: Array<{ epoch: number }>;
      checkpoint: string;
    };
    expect(json.epochs.map((e) => e.epoch)).to.deep.equal([1, 2]);
    expect(JSON.parse(await readFile(tmp.path('run/checkpoint/labels.json'), 'utf8'))).to.deep.equal(['cats', 'dogs']);
    expect((await readFile(tmp.path('run/metrics.jsonl'), 'utf8')).trim().split('\n')).to.have.length(2);

    const again = await runCli(['train', 'small.incep', '--data', 'images', '--out', 'run', '--backend', 'cpu'], {
      cwd: tmp.dir,
    });
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/holds an incep run.*\n.*--resume/);

    const resumed = await runCli(
      [
        'train',
        'small.incep',
        '--data',
        'images',
        '--val-split',
        '0.25',
        '--out',
        'run',
        '--backend',
        'cpu',
        '--resume',
        '--epochs',
        '3',
        '--json',
      ],
      { cwd: tmp.dir },
    );
    expect(resumed.code, resumed.stderr).to.equal(0);
    const all = JSON.parse(resumed.stdout.trim().split('\n').pop()!) as {
      epochs: Array<{ epoch: number; loss: number }>;
    };
    expect(all.epochs.map((e) => e.epoch)).to.deep.equal([1, 2, 3]);
    expect(all.epochs[0]!.loss).to.equal(
      json.epochs[0]!.epoch === 1
        ? (JSON.parse(first.stdout.trim().split('\n').pop()!) as { epochs: Array<{ loss: number }> }).epochs[0]!.loss
        : NaN,
    );
  });

  it('reads a run file, lets flags win, and prints the merged settings', async () => {
    await writeFile(
      tmp.path('run.yaml'),
      'spec: small.incep\ndata:\n  synthetic: 16\nout: cfg\nepochs: 5\noptimizer:\n  name: sgd\n  lr: 0.1\n',
    );
    const run = await runCli(['train', '--config', 'run.yaml', '--epochs', '1', '--print-config'], { cwd: tmp.dir });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/epochs: 1\n/);
    expect(run.stdout).to.match(/optimizer:\n {2}name: sgd\n {2}lr: 0.1\n/);
  });

  it('reports a wrong run-file key at its line and column, with a suggestion', async () => {
    await writeFile(tmp.path('bad.yaml'), 'spec: small.incep\nepohcs: 3\n');
    const run = await runCli(['train', '--config', 'bad.yaml'], { cwd: tmp.dir });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/bad\.yaml:2:1: error\[E0612\]: unknown key 'epohcs'/);
    expect(run.stderr).to.match(/did you mean 'epochs'\?/);
  });
});
