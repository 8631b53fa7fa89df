/**
 * incep's models against a hand-written one: InceptionV3 as keras-team/keras writes it
 * (test/reference/kerasInceptionV3.ts, the model the zoo tests match weight for weight), the
 * same network from specs/inception_v3.incep through buildModel, and that model after
 * optimizeForInference. Same weights, same input, same backend, one process, interleaved rounds
 * so a slow patch of the machine hurts all three alike. Ratios, not times, are the result.
 */
import { buildModel } from '../src/backends/tfjs/buildModel.js';
import { compileFile } from '../src/compile.js';
import { optimizeForInference } from '../src/optimize/optimizeForInference.js';
import { tf, type LayersModel, type Tensor } from '../src/runtime/tf.js';
import { buildKerasInceptionV3 } from '../test/reference/kerasInceptionV3.js';
import type { BenchReport } from './BenchReport.js';
import { forwardTimes, quantile } from './forwardTimes.js';

/** Median ms per batch of each model at one batch size, and where the optimized graph spends it. */
export interface ReferenceTimes {
  batch: number;
  reference: number;
  compiled: number;
  optimized: number;
  /** The convolutions' share of the optimized graph's kernel time (tf.profile), 0 to 1. */
  convShare: number;
}

/** The share of kernel time a forward pass of `model` spends in convolution kernels. */
async function convShare(model: LayersModel, x: Tensor): Promise<number> {
  const profile = await tf.profile(async () => {
    const y = model.predict(x) as Tensor;
    await y.data();
    y.dispose();
  });
  // The fused ops appear twice, as the op (`fusedConv2d__op`) and as its kernel; count kernels.
  const kernels = profile.kernels.filter((k) => !k.name.endsWith('__op'));
  const ms = (k: (typeof kernels)[number]) => (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0);
  const total = kernels.reduce((s, k) => s + ms(k), 0);
  const conv = kernels.filter((k) => /Conv2D/i.test(k.name)).reduce((s, k) => s + ms(k), 0);
  return total > 0 ? conv / total : 0;
}

/** Prints and returns reference / compiled / optimized times at batch 1 and 8 on the active backend. */
export async function benchReference(report: BenchReport, rounds = 3): Promise<ReferenceTimes[]> {
  const reference = buildKerasInceptionV3(tf);
  const compiled = buildModel(compileFile('specs/inception_v3.incep').ir!);
  // The reference's weights in the compiled model: the zoo tests pair them one to one by creation order.
  compiled.setWeights(reference.getWeights());
  const optimized = optimizeForInference(compiled);
  const models: Array<[keyof Omit<ReferenceTimes, 'batch'>, LayersModel]> = [
    ['reference', reference],
    ['compiled', compiled],
    ['optimized', optimized],
  ];
  report.section(
    'vs hand-written',
    `InceptionV3 as keras-team/keras writes it vs specs/inception_v3.incep through buildModel and ` +
      `optimizeForInference, same weights, 299x299, backend ${tf.getBackend()}, median of ${rounds} interleaved rounds`,
  );
  const rows: string[][] = [];
  const results: ReferenceTimes[] = [];
  for (const batch of [1, 8]) {
    const x = tf.randomUniform([batch, 299, 299, 3], -1, 1, 'float32', 7);
    const times = new Map<string, number[]>(models.map(([name]) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [name, model] of models) times.get(name)!.push(...(await forwardTimes(model, x, batch === 1 ? 3 : 1)));
    }
    const share = await convShare(optimized, x);
    tf.dispose(x);
    const med = (name: string) => quantile(times.get(name)!, 0.5);
    const result: ReferenceTimes = {
      batch,
      reference: med('reference'),
      compiled: med('compiled'),
      optimized: med('optimized'),
      convShare: share,
    };
    for (const [name] of models) {
      const ms = result[name];
      rows.push([name, String(batch), ms.toFixed(0), `${(result.reference / ms).toFixed(2)}x`]);
    }
    results.push(result);
  }
  report.table(['model', 'batch', 'ms / batch', 'speed-up vs reference'], rows);
  for (const [, model] of models) model.dispose();
  return results;
}
