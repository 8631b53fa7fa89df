import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { expect } from 'chai';
import { PNG } from 'pngjs';
import { readCheckpoint } from '../../src/train/checkpoint.js';
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
    for (const [cls, colour] of [
      ['cats', [250, 20, 20]],
      ['dogs', [20, 20, 250]],
      ['owls', [20, 250, 20]],
    ] as const) {
      await mkdir(tmp.path(`three/${cls}`), { recursive: true });
      for (let i = 0; i < 4; i++) await writeFile(tmp.path(`three/${cls}/${i}.png`), png(colour));
    }
    await mkdir(tmp.path('zoo/zebras'), { recursive: true });
    await writeFile(tmp.path('zoo/zebras/0.png'), png([0, 0, 0]));
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

  it('trains without validation when the set is too small to hold any out', async () => {
    const run = await runCli(['train', 'small.incep', '--synthetic', '4', '--out', 'tiny-run', '--epochs', '1'], {
      cwd: tmp.dir,
    });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/4 images are too few to hold out a validation set; training without one/);
    expect(run.stderr).to.match(/training Small on 4 images \(4 classes\), 1 epoch of 1 step\n/);
    expect(run.stderr).to.not.match(/val_acc/);
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

  it('stops after the step in progress on Ctrl-C, writes a checkpoint, and --resume finishes the run', async () => {
    let pressed = false;
    const stopped = await runCli(['train', 'small.incep', '--data', 'images', '--out', 'int', '--backend', 'cpu'], {
      cwd: tmp.dir,
      tty: true,
      // The first progress redraw is during epoch 1: Ctrl-C then.
      onStderr: (text, interrupt) => {
        if (!pressed && text.includes('\r')) {
          pressed = true;
          interrupt();
        }
      },
    });
    expect(stopped.code, stopped.stderr).to.equal(130);
    expect(stopped.stderr).to.match(/stopping after this step/);
    expect(stopped.stderr).to.match(/stopped in epoch 1, after step 1: checkpoint written; continue with --resume/);
    const read = await readCheckpoint(tmp.path('int/checkpoint'));
    if (!read.ok) throw new Error(read.message);
    expect(read.checkpoint.epoch).to.equal(0);
    expect(read.checkpoint.partial).to.include({ epoch: 1, steps: 1, position: 4 });

    const resumed = await runCli(
      ['train', 'small.incep', '--data', 'images', '--out', 'int', '--backend', 'cpu', '--resume', '--json'],
      { cwd: tmp.dir },
    );
    expect(resumed.code, resumed.stderr).to.equal(0);
    const json = JSON.parse(resumed.stdout.trim().split('\n').pop()!) as { epochs: Array<{ epoch: number }> };
    expect(json.epochs.map((e) => e.epoch)).to.deep.equal([1, 2]);
    // Not a TTY: one plain line per epoch, no redraws.
    expect(resumed.stderr).to.not.include('\r');
  });

  it('fine-tunes from a checkpoint on new classes: a fresh head, frozen layers untouched', async () => {
    const source = await runCli(['train', 'small.incep', '--data', 'images', '--out', 'src', '--backend', 'cpu'], {
      cwd: tmp.dir,
    });
    expect(source.code, source.stderr).to.equal(0);
    const tuned = await runCli(
      [
        'train',
        'small.incep',
        '--data',
        'three',
        '--out',
        'tuned',
        '--weights',
        'src/checkpoint',
        '--freeze',
        'mixed0',
        '--epochs',
        '1',
        '--backend',
        'cpu',
      ],
      { cwd: tmp.dir },
    );
    expect(tuned.code, tuned.stderr).to.equal(0);
    expect(tuned.stderr).to.match(/weights: 6 layers from 'src\/checkpoint' \(incep checkpoint\)/);
    expect(tuned.stderr).to.match(/'head_dense1' starts afresh: the weights classify 2 classes, this run 3/);
    const before = await readCheckpoint(tmp.path('src/checkpoint'));
    const after = await readCheckpoint(tmp.path('tuned/checkpoint'));
    if (!before.ok || !after.ok) throw new Error('unreadable checkpoint');
    const weight = (c: typeof after, name: string) =>
      Array.from(c.checkpoint.weights.find((w) => w.name === name)!.values);
    // Frozen: kernels and BatchNorm statistics (inference mode) as they were; the head trained.
    for (const name of ['stem_conv1/kernel', 'stem_conv1_bn/moving_mean', 'mixed0_b2_conv1_bn/moving_variance'])
      expect(weight(after, name), name).to.deep.equal(weight(before, name));
    expect(after.checkpoint.weights.find((w) => w.name === 'head_dense1/kernel')!.shape).to.deep.equal([16, 3]);
    expect(after.checkpoint.info.labels).to.deep.equal(['cats', 'dogs', 'owls']);

    const both = await runCli(
      ['train', 'small.incep', '--data', 'three', '--out', 'tuned', '--weights', 'src/checkpoint', '--resume'],
      { cwd: tmp.dir },
    );
    expect(both.code).to.equal(1);
    expect(both.stderr).to.match(/--weights starts a run from other weights; --resume continues this one/);
  });

  it('evaluates a checkpoint: loss, top-1, top-5 and a per-class table, classes matched by name', async () => {
    const run = await runCli(
      ['eval', 'small.incep', '--weights', 'tuned/checkpoint', '--data', 'images', '--backend', 'cpu', '--json'],
      { cwd: tmp.dir },
    );
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/1 file skipped \(.*broken\.png/);
    expect(run.stdout).to.match(
      /Small on 12 images of 2 classes\nloss {3}\d\.\d{4}\ntop-1 {2}\d+\.\d%\ntop-5 {2}100\.0%/,
    );
    expect(run.stdout).to.match(/\ncats +6 +\d+\.\d%\ndogs +6 +\d+\.\d%\n/);
    const json = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
      images: number;
      skipped: number;
      top5: number;
      classes: Array<{ label: string; images: number }>;
    };
    expect(json).to.include({ images: 12, skipped: 1, top5: 1 });
    expect(json.classes.map((c) => c.label)).to.deep.equal(['cats', 'dogs']);

    const unknown = await runCli(['eval', 'small.incep', '--weights', 'tuned/checkpoint', '--data', 'zoo'], {
      cwd: tmp.dir,
    });
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.match(/class folder 'zebras' is not one of the model's classes/);
    for (const command of [
      ['eval', 'small.incep', '--weights', 'nope', '--data', 'images'],
      ['train', 'small.incep', '--weights', 'nope', '--data', 'images', '--out', 'never'],
      ['predict', 'small.incep', 'three/owls/0.png', '--weights', 'nope'],
    ]) {
      const run = await runCli(command, { cwd: tmp.dir });
      expect(run.code, command[0]).to.equal(1);
      expect(run.stderr).to.match(/no weights directory at 'nope'\nhint: pass a checkpoint directory/);
    }
    const missing = await runCli(['eval', 'small.incep', '--data', 'zoo'], { cwd: tmp.dir });
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/missing --weights DIR/);
  });

  it("predicts with a checkpoint's class names, or --labels", async () => {
    const run = await runCli(
      ['predict', 'small.incep', 'three/owls/0.png', '--weights', 'tuned/checkpoint', '--backend', 'cpu', '--json'],
      { cwd: tmp.dir },
    );
    expect(run.code, run.stderr).to.equal(0);
    const json = JSON.parse(run.stdout) as { images: Array<{ predictions: Array<{ label: string }> }> };
    expect(json.images[0]!.predictions.map((p) => p.label).sort()).to.deep.equal(['cats', 'dogs', 'owls']);
    await writeFile(tmp.path('names.txt'), 'tabby\nhound\nbarn owl\n');
    const named = await runCli(
      ['predict', 'small.incep', 'three/owls/0.png', '--weights', 'tuned/checkpoint', '--labels', 'names.txt'],
      { cwd: tmp.dir },
    );
    expect(named.code, named.stderr).to.equal(0);
    expect(named.stdout).to.match(/barn owl \(2\)/);
    await writeFile(tmp.path('two.json'), '["a", "b"]');
    const wrong = await runCli(
      ['predict', 'small.incep', 'three/owls/0.png', '--weights', 'tuned/checkpoint', '--labels', 'two.json'],
      { cwd: tmp.dir },
    );
    expect(wrong.code).to.equal(1);
    expect(wrong.stderr).to.match(/2 class names for a model of 3 classes/);
  });

  // A checkpoint missing a layer the spec builds is another network: the commands that run the
  // weights as they are (unlike fine-tuning, which starts such a layer afresh) refuse it.
  for (const command of ['predict', 'eval', 'bench'] as const) {
    it(`${command} refuses a checkpoint with no weights for a layer of the spec`, async () => {
      await writeFile(
        tmp.path('longer.incep'),
        SPEC.replace('body { A as mixed0 }', 'body { A as mixed0; conv 16 1x1 as extra }'),
      );
      const args = {
        predict: ['three/owls/0.png'],
        eval: ['--data', 'three'],
        bench: ['--runs', '1', '--warmup', '0'],
      }[command];
      const run = await runCli(
        [command, 'longer.incep', ...args, '--weights', 'tuned/checkpoint', '--backend', 'cpu'],
        {
          cwd: tmp.dir,
        },
      );
      expect(run.code, run.stderr).to.equal(1);
      expect(run.stderr).to.match(/'tuned\/checkpoint' has no weights for model layer 'extra'/);
      expect(run.stderr).to.match(/hint: the weights belong to another spec/);
    });
  }
});
