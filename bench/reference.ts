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
import { siblingConvTimes, siblingGroups } from './siblingConvs.js';

/** Median ms per batch of each model at one batch size, and where the optimized graph spends it. */
export interface ReferenceTimes {
  batch: number;
  reference: number;
  compiled: number;
  optimized: number;
  /** Where the optimized graph's kernel time goes (tf.profile). */
  convs: ConvProfile;
  /** The sibling 1x1 convs of InceptionV3 run one by one and fused into one conv plus a split, ms. */
  siblings: { separate: number; fused: number };
}

/** The convolutions' share of kernel time, 0 to 1, and the multiply-adds per second each conv ran at. */
export interface ConvProfile {
  share: number;
  gmacPerSecond: { min: number; median: number; max: number };
}

/** Where a forward pass of `model` spends its kernel time: convolutions, and how fast each one ran. */
async function convProfile(model: LayersModel, x: Tensor): Promise<ConvProfile> {
  const profile = await tf.profile(async () => {
    const y = model.predict(x) as Tensor;
    await y.data();
    y.dispose();
  });
  // The fused ops appear twice, as the op (`fusedConv2d__op`) and as its kernel; count kernels.
  const kernels = profile.kernels.filter((k) => !k.name.endsWith('__op'));
  const ms = (k: (typeof kernels)[number]) => (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0);
  const total = kernels.reduce((s, k) => s + ms(k), 0);
  const convs = kernels.filter((k) => /Conv2D/i.test(k.name));
  const conv = convs.reduce((s, k) => s + ms(k), 0);
  // A conv's multiply-adds: every output value sums kernel height x width x input channels products.
  const rates = convs
    .filter((k) => /^(Fused)?Conv2D$/.test(k.name) && ms(k) > 0)
    .map((k) => {
      const [out] = k.outputShapes;
      const [, filter] = k.inputShapes;
      const macs = out!.reduce((a, b) => a * b, 1) * filter![0]! * filter![1]! * filter![2]!;
      return macs / ms(k) / 1e6;
    });
  return {
    share: total > 0 ? conv / total : 0,
    gmacPerSecond: {
      min: rates.length > 0 ? Math.min(...rates) : 0,
      median: rates.length > 0 ? quantile(rates, 0.5) : 0,
      max: rates.length > 0 ? Math.max(...rates) : 0,
    },
  };
}

/** Prints and returns reference / compiled / optimized times at batch 1 and 8 on the active backend. */
export async function benchReference(report: BenchReport, rounds = 3): Promise<ReferenceTimes[]> {
  const reference = buildKerasInceptionV3(tf);
  const ir = compileFile('specs/inception_v3.incep').ir!;
  const compiled = buildModel(ir);
  // The reference's weights in the compiled model: the zoo tests pair them one to one by creation order.
  compiled.setWeights(reference.getWeights());
  const optimized = optimizeForInference(compiled);
  const models: Array<['reference' | 'compiled' | 'optimized', LayersModel]> = [
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
    const convs = await convProfile(optimized, x);
    tf.dispose(x);
    const siblings = siblingConvTimes(siblingGroups(ir), batch);
    const med = (name: string) => quantile(times.get(name)!, 0.5);
    const result: ReferenceTimes = {
      batch,
      reference: med('reference'),
      compiled: med('compiled'),
      optimized: med('optimized'),
      convs,
      siblings,
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
