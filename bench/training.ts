/**
 * Training throughput, reported as ratios measured in one process: a width-0.125 InceptionV3 at
 * 75x75 with 4 classes and its aux head, batch 8, through incep's training loop (forward,
 * backward, RMSProp update) on the selected fast backend against the pure-JS cpu backend, and
 * against inference on the same backend (a training step classically costs about 3 forward
 * passes). Nothing here asserts a time.
 */
import { performance } from 'node:perf_hooks';
import { buildModel } from '../src/backends/tfjs/buildModel.js';
import { compileFile } from '../src/compile.js';
import { selectBackend, type BackendChoice } from '../src/runtime/selectBackend.js';
import { tf, type Tensor } from '../src/runtime/tf.js';
import type { Batch } from '../src/train/Batch.js';
import type { BenchReport } from './BenchReport.js';
import { train } from '../src/train/trainModel.js';

const BATCH = 8;

/** Training images per second over `timed` steps, after one untimed step (kernel set-up). */
async function trainingImagesPerSecond(backend: BackendChoice, timed: number): Promise<number> {
  const s = await selectBackend(backend);
  if (!s.ok) throw new Error(s.message);
  const ir = compileFile('specs/inception_v3.incep', { input: [75, 75, 3], classes: 4, width: 0.125 }).ir!;
  // The loop asks for the next batch when a step is done: the time between requests is a step.
  const marks: number[] = [];
  const source = {
    *[Symbol.iterator](): Generator<Batch> {
      for (let i = 0; i <= timed; i++) {
        marks.push(performance.now());
        yield { xs: tf.randomNormal([BATCH, 75, 75, 3]), ys: tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32') };
      }
    },
  };
  const r = await train(ir, source, { epochs: 1, recipe: { ...ir.train!, schedule: undefined } });
  marks.push(performance.now());
  r.model.dispose();
  const ms = (marks[marks.length - 1]! - marks[1]!) / timed;
  return (1000 * BATCH) / ms;
}

/** Forward passes per second × batch in inference mode, after a warm-up. */
async function inferenceImagesPerSecond(backend: BackendChoice, runs: number): Promise<number> {
  const s = await selectBackend(backend);
  if (!s.ok) throw new Error(s.message);
  const ir = compileFile('specs/inception_v3.incep', { input: [75, 75, 3], classes: 4, width: 0.125 }).ir!;
  const model = buildModel(ir);
  const x = tf.randomNormal([BATCH, 75, 75, 3]);
  const once = async () => {
    const y = model.predict(x) as Tensor;
    await y.data();
    y.dispose();
  };
  await once();
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await once();
  const ms = (performance.now() - t0) / runs;
  tf.dispose([x]);
  model.dispose();
  return (1000 * BATCH) / ms;
}

/** The training section of `npm run bench`. */
export async function benchTraining(fast: BackendChoice, report: BenchReport): Promise<void> {
  report.section(
    'Training',
    `InceptionV3 width 0.125, 75x75, 4 classes + aux head, batch 8, through incep's training loop; ${fast} vs the pure-JS cpu backend`,
  );
  const fastTrain = await trainingImagesPerSecond(fast, 6);
  const fastInfer = await inferenceImagesPerSecond(fast, 5);
  const cpuTrain = await trainingImagesPerSecond('cpu', 1);
  report.table(
    ['measure', 'images / s', 'ratio'],
    [
      ['train, cpu (baseline)', cpuTrain.toFixed(2), '1.0x'],
      [`train, ${fast}`, fastTrain.toFixed(1), `${(fastTrain / cpuTrain).toFixed(1)}x cpu`],
      [`inference, ${fast}`, fastInfer.toFixed(1), `a step costs ${(fastInfer / fastTrain).toFixed(1)} forward passes`],
    ],
  );
}
