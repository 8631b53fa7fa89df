/**
 * `npx tsx bench/wasmTraining.ts`: one training step (forward + backward, no optimizer update)
 * of a width-0.125 InceptionV3 at 75x75, batch 8, on the wasm backend (with incep's composed
 * gradient kernels) against tfjs's pure-JS cpu backend. Prints the median times and their
 * ratio. Not a test: nothing here asserts a time.
 */
import { performance } from 'node:perf_hooks';
import { buildModel } from '../src/backends/tfjs/buildModel.js';
import { compileFile } from '../src/compile.js';
import { selectBackend } from '../src/runtime/selectBackend.js';
import { tf, type Tensor } from '../src/runtime/tf.js';

const BATCH = 8;
const RUNS = Number(process.env.RUNS ?? 3);

const compiled = compileFile('specs/inception_v3.incep', { input: [75, 75, 3], classes: 4, width: 0.125 });
if (!compiled.ok) throw new Error('inception_v3 did not compile');
const ir = compiled.ir!;

/** Median milliseconds of one training step on `backend` (after one untimed warm-up step). */
async function timeStep(backend: 'wasm' | 'cpu'): Promise<number> {
  const selected = await selectBackend(backend);
  if (!selected.ok) throw new Error(selected.message);
  const model = buildModel(ir);
  const x = tf.randomNormal([BATCH, 75, 75, 3]);
  const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], 'int32'), 4);
  const once = async (): Promise<void> => {
    const { value, grads } = tf.variableGrads(() =>
      tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as Tensor)).asScalar(),
    );
    // Reading the loss and one gradient waits for the whole step.
    await Promise.all([value.data(), ...Object.values(grads).map((g) => g.data())]);
    tf.dispose([value, ...Object.values(grads)]);
  };
  await once();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  tf.dispose([x, y]);
  model.dispose();
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  console.log(`${backend}: ${median.toFixed(0)} ms per step (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`);
  return median;
}

console.log(`InceptionV3 width 0.125, 75x75x3, 4 classes, batch ${BATCH}, ${ir.layers.length} IR layers`);
const wasm = await timeStep('wasm');
const cpu = await timeStep('cpu');
console.log(`cpu / wasm = ${(cpu / wasm).toFixed(2)}x (wasm is that many times faster)`);
