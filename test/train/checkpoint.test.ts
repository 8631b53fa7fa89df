import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compile } from '../../src/compile.js';
import type { IRModel } from '../../src/ir/ir.js';
import { tf } from '../../src/runtime/tf.js';
import type { Batch } from '../../src/train/Batch.js';
import { readCheckpoint, restoreWeights, writeCheckpoint } from '../../src/train/checkpoint.js';
import { train } from '../../src/train/trainModel.js';

const NET = `
model Net {
  input 8x8x3
  classes 2
  defaults { conv: same relu bn(scale=false) }
  block A { branch { conv 8 1x1 } branch { conv 8 3x3 } }
  stem { conv 8 3x3 }
  body { A as mixed0 }
  aux side at mixed0 weight 0.3 { globalavgpool; dense classes softmax }
  head { globalavgpool; dense classes softmax }
  train { optimizer rmsprop(lr=0.01, momentum=0.9, epsilon=1.0); schedule exponential(rate=0.5, every=1 epochs); epochs 3 }
}`;

function ir(): IRModel {
  return compile(NET, { filename: 'net.incep' }).ir!;
}

function data(): Batch[] {
  return Array.from({ length: 3 }, (_, b) => ({
    xs: tf.randomNormal([4, 8, 8, 3], 0, 1, 'float32', 10 + b),
    ys: tf.tensor1d([0, 1, 1, 0], 'int32'),
  }));
}

/** A fresh copy of the batches every epoch (the loop disposes what it is given), with a length. */
function source(batches: Batch[]): Iterable<Batch> & { length: number } {
  return {
    length: batches.length,
    *[Symbol.iterator]() {
      for (const b of batches) yield { xs: b.xs.clone(), ys: b.ys.clone() };
    },
  };
}

/** As `source`, but the first epoch read starts at `from` and batches tell their position. */
function positioned(batches: Batch[], from: number): Iterable<Batch> & { length: number } {
  let start = from;
  return {
    length: batches.length,
    *[Symbol.iterator]() {
      const first = start;
      start = 0;
      for (let i = first; i < batches.length; i++)
        yield { xs: batches[i]!.xs.clone(), ys: batches[i]!.ys.clone(), position: i + 1 };
    },
  };
}

describe('train/checkpoint', function () {
  this.timeout(120_000);
  let dir: string;
  before(async () => {
    await tf.setBackend('cpu');
    dir = await mkdtemp(join(tmpdir(), 'incep-ckpt-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('2 epochs, a checkpoint, then 1 resumed epoch give the weights of 3 uninterrupted epochs', async () => {
    const batches = data();
    const straight = await train(ir(), source(batches), { seed: 7 });
    const want = straight.model.weights.map((w) => Array.from(w.read().dataSync()));

    const ckpt = join(dir, 'ckpt');
    const first = await train(ir(), source(batches), {
      seed: 7,
      epochs: 2,
      onEpochEnd: (_log, run) => writeCheckpoint(ckpt, run, { spec: 'net.incep', specSha256: 'x', seed: 7 }),
    });
    const read = await readCheckpoint(ckpt);
    if (!read.ok) throw new Error(read.message);
    expect(read.checkpoint.epoch).to.equal(2);
    const model = buildModel(ir(), { aux: true });
    expect(restoreWeights(model, read.checkpoint)).to.deep.equal({ ok: true });
    const resumed = await train(ir(), source(batches), {
      model,
      resume: { optimizer: read.checkpoint.optimizer, history: read.checkpoint.history },
    });
    expect(resumed.history.map((h) => h.epoch)).to.deep.equal([1, 2, 3]);
    const got = resumed.model.weights.map((w) => Array.from(w.read().dataSync()));
    got.forEach((values, i) => values.forEach((v, j) => expect(v).to.be.closeTo(want[i]![j]!, 1e-6)));
    expect(resumed.history[2]!.lr).to.be.closeTo(straight.history[2]!.lr, 1e-12);
    tf.dispose(batches.flatMap((b) => [b.xs, b.ys]));
    [straight.model, first.model, resumed.model].forEach((m) => m.dispose());
  });

  it('stops after the step in progress when aborted, and resumes mid-epoch to the same weights and history', async () => {
    const batches = data();
    const straight = await train(ir(), source(batches), { seed: 7 });
    const want = straight.model.weights.map((w) => Array.from(w.read().dataSync()));

    // Aborted during step 2 of epoch 2: that step finishes, then the run stops.
    const ckpt = join(dir, 'stopped');
    const controller = new AbortController();
    const steps: string[] = [];
    const first = await train(ir(), positioned(batches, 0), {
      seed: 7,
      signal: controller.signal,
      onStep: (s) => {
        steps.push(`${s.epoch}.${s.step}`);
        if (s.epoch === 2 && s.step === 2) controller.abort();
      },
      onStop: (run) => writeCheckpoint(ckpt, run, { spec: 'net.incep', specSha256: 'x', seed: 7 }),
    });
    expect(steps).to.deep.equal(['1.1', '1.2', '1.3', '2.1', '2.2']);
    expect(first.stopped).to.include({ epoch: 2, steps: 2, position: 2 });
    const read = await readCheckpoint(ckpt);
    if (!read.ok) throw new Error(read.message);
    expect(read.checkpoint.epoch).to.equal(1);
    expect(read.checkpoint.partial).to.deep.equal(first.stopped);

    const model = buildModel(ir(), { aux: true });
    expect(restoreWeights(model, read.checkpoint)).to.deep.equal({ ok: true });
    const { optimizer, history, partial } = read.checkpoint;
    const resumed = await train(ir(), positioned(batches, partial!.position!), {
      model,
      resume: { optimizer, history, partial: partial! },
    });
    const got = resumed.model.weights.map((w) => Array.from(w.read().dataSync()));
    got.forEach((values, i) => values.forEach((v, j) => expect(v).to.be.closeTo(want[i]![j]!, 1e-6)));
    resumed.history.forEach((h, i) => {
      const s = straight.history[i]!;
      expect([h.epoch, h.loss, h.accuracy, h.lr]).to.deep.equal([s.epoch, s.loss, s.accuracy, s.lr]);
    });
    tf.dispose(batches.flatMap((b) => [b.xs, b.ys]));
    [straight.model, first.model, resumed.model].forEach((m) => m.dispose());
  });

  it('holds a stock-loadable inference model (no aux heads), its state and nothing half-written', async () => {
    const ckpt = join(dir, 'ckpt');
    const files = (await readdir(ckpt)).sort();
    expect(files).to.deep.equal(['model.json', 'state.bin', 'training.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(ckpt, 'model.json'), 'utf8')) as {
      modelTopology: { config: { layers: Array<{ name: string }> } };
    };
    const names = json.modelTopology.config.layers.map((l) => l.name);
    expect(names).to.not.include('side_dense1');
    expect(names).to.include('head_dense1');
    // No hidden temporary or old copies are left beside it.
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).to.deep.equal([]);
  });

  it('leaves the previous checkpoint whole when a write fails', async () => {
    const ckpt = join(dir, 'ckpt');
    const before = await readFile(join(ckpt, 'training.json'), 'utf8');
    const model = buildModel(ir(), { aux: true });
    const broken = {
      model,
      history: [],
      optimizer: () => {
        throw new Error('disk full');
      },
    };
    let error: unknown;
    try {
      await writeCheckpoint(ckpt, broken, { spec: 'net.incep', specSha256: 'x' });
    } catch (e) {
      error = e;
    }
    expect((error as Error).message).to.equal('disk full');
    expect(await readFile(join(ckpt, 'training.json'), 'utf8')).to.equal(before);
    expect((await readdir(dir)).filter((f) => f.startsWith('.'))).to.deep.equal([]);
    model.dispose();
  });

  describe('refuses a damaged checkpoint with a message, reading nothing unbounded', () => {
    type Damage = (ckpt: string) => Promise<void>;
    const editJson =
      (edit: (json: Record<string, unknown>) => void): Damage =>
      async (ckpt) => {
        const path = join(ckpt, 'training.json');
        const json = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
        edit(json);
        await writeFile(path, JSON.stringify(json));
      };
    const cases: Array<[string, Damage, RegExp]> = [
      ['training.json without weights', editJson((j) => delete j['weights']), /malformed weight layout/],
      [
        'a negative dimension',
        editJson((j) => ((j['weights'] as Array<{ shape: number[] }>)[0]!.shape = [-1, 8])),
        /malformed weight layout/,
      ],
      ['another format', editJson((j) => (j['format'] = 'other')), /is not an incep checkpoint this version reads/],
      ['training.json not JSON', (c) => writeFile(join(c, 'training.json'), '{'), /no readable incep checkpoint/],
      [
        'a state.bin longer than its layout',
        (c) => appendFile(join(c, 'state.bin'), new Uint8Array(8)),
        /state\.bin' does not match its layout/,
      ],
      [
        'a state.bin that is a FIFO',
        async (c) => {
          await rm(join(c, 'state.bin'));
          execFileSync('mkfifo', [join(c, 'state.bin')]);
        },
        /is not a regular file/,
      ],
      [
        'a training.json linked to /dev/zero',
        async (c) => {
          await rm(join(c, 'training.json'));
          await symlink('/dev/zero', join(c, 'training.json'));
        },
        /is not a regular file/,
      ],
    ];
    for (const [what, damage, message] of cases) {
      it(what, async () => {
        const ckpt = join(dir, `damaged-${what.replace(/\W+/g, '-')}`);
        const model = buildModel(ir(), { aux: true });
        const run = { model, history: [], optimizer: () => ({ iterations: 0, slots: [] }) };
        await writeCheckpoint(ckpt, run, { spec: 'net.incep', specSha256: 'x' });
        model.dispose();
        await damage(ckpt);
        const read = await readCheckpoint(ckpt);
        expect(read.ok).to.equal(false);
        if (!read.ok) expect(read.message).to.match(message);
      });
    }
  });
});
