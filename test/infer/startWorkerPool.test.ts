import { expect } from 'chai';
import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compile } from '../../src/compile.js';
import type { BatchShape } from '../../src/infer/BatchRunner.js';
import { inProcessRunner } from '../../src/infer/inProcessRunner.js';
import { startWorkerPool, type WorkerPoolOptions } from '../../src/infer/startWorkerPool.js';
import type { IRModel } from '../../src/ir/ir.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import type { LayersModel } from '../../src/runtime/tf.js';

const SPEC = `model Small {
  input 16x16x3
  classes 4
  stem { conv 8 3x3 /2 relu; conv 8 3x3 relu same }
  head { globalavgpool; dense classes softmax }
}
`;
const SHAPE: BatchShape = [2, 16, 16, 3];

function batch(seed: number): Float32Array {
  return new Float32Array(2 * 16 * 16 * 3).map((_, i) => Math.sin(i * 0.37 + seed));
}

describe('infer/startWorkerPool', function () {
  this.timeout(300_000);
  let ir: IRModel;
  let model: LayersModel;
  before(async () => {
    expect((await selectBackend('wasm')).ok).to.equal(true);
    ir = compile(SPEC).ir!;
    model = buildModel(ir);
  });
  after(() => model.dispose());

  const options = (more: Partial<WorkerPoolOptions> = {}): WorkerPoolOptions => ({
    ir,
    model,
    backend: 'wasm',
    optimize: false,
    workers: 2,
    description: 'wasm',
    ...more,
  });

  for (const optimize of [false, true]) {
    it(`computes what this thread computes, each batch for its caller${optimize ? ', optimized' : ''}`, async () => {
      const started = await startWorkerPool(options({ optimize }));
      if (!started.ok) expect.fail(started.message);
      try {
        const inputs = [1, 2, 3, 4, 5].map(batch);
        const results = await Promise.all(inputs.map((x) => started.runner.run(x, SHAPE)));
        for (const [i, result] of results.entries()) {
          // Not disposed: `model` is shared by the tests (after() disposes it).
          const expected = await inProcessRunner(model, '').run(inputs[i]!, SHAPE);
          if (!result.ok || !expected.ok) expect.fail(JSON.stringify([result, expected]));
          const got = Array.from(result.output);
          Array.from(expected.output).forEach((p, j) => expect(got[j]).to.be.closeTo(p, 1e-5));
        }
        expect(started.runner.parallelism).to.equal(2);
        expect(started.runner.description).to.equal('wasm; 2 worker threads');
      } finally {
        await started.runner.dispose();
      }
    });
  }

  it('fails a bad batch with its message and keeps going', async () => {
    const started = await startWorkerPool(options({ workers: 1 }));
    if (!started.ok) expect.fail(started.message);
    try {
      const bad = await started.runner.run(batch(1), [1, 16, 16, 3]);
      expect(bad.ok).to.equal(false);
      expect(!bad.ok && bad.message).to.match(/should have 768 values but has 1536/);
      expect((await started.runner.run(batch(1), SHAPE)).ok).to.equal(true);
    } finally {
      await started.runner.dispose();
    }
  });

  it('reports a worker that cannot build the model, and stops them all', async () => {
    // Weights of another model: every worker's setWeights throws.
    const other = buildModel(compile(SPEC.replace('classes 4', 'classes 5')).ir!);
    try {
      const started = await startWorkerPool(options({ model: other }));
      expect(started.ok).to.equal(false);
      expect(!started.ok && started.message).to.match(
        /^inference worker [12] of 2 could not start: cannot build the model: .*shape/,
      );
    } finally {
      other.dispose();
    }
  });

  it('reports a worker that cannot select its backend', async () => {
    const started = await startWorkerPool(options({ backend: 'tensorflow' }));
    expect(started.ok).to.equal(false);
    expect(!started.ok && started.message).to.match(
      /inference worker [12] of 2 could not start: .*'tensorflow' backend/,
    );
    expect(!started.ok && started.hint).to.match(/npm install @tensorflow\/tfjs-node/);
  });

  it('fails the batches still waiting when it is disposed, and every batch after', async () => {
    const started = await startWorkerPool(options({ workers: 1 }));
    if (!started.ok) expect.fail(started.message);
    const waiting = [1, 2, 3].map((s) => started.runner.run(batch(s), SHAPE));
    await started.runner.dispose();
    const results = await Promise.all(waiting);
    expect(results.some((r) => !r.ok && r.message.includes('workers were stopped'))).to.equal(true);
    expect(await started.runner.run(batch(1), SHAPE)).to.deep.equal({
      ok: false,
      message: 'the inference workers were stopped',
    });
  });
});
