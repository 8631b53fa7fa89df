/**
 * onnxruntime against tfjs on the same network and weights: InceptionV3 at 299x299 exported by
 * exportOnnx (optimized, as `incep bench --backend onnx --optimize` runs it) against the optimized
 * tfjs model on the active backend, batch 1 and 8, onnxruntime on one thread and on every core.
 * Interleaved rounds in one process; ratios are the result.
 */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildModel } from '../src/backends/tfjs/buildModel.js';
import { compileFile } from '../src/compile.js';
import { exportOnnx } from '../src/onnx/exportOnnx.js';
import { openOnnxSession, type OnnxSession } from '../src/onnx/openOnnxSession.js';
import { optimizeForInference } from '../src/optimize/optimizeForInference.js';
import { tf } from '../src/runtime/tf.js';
import type { BenchReport } from './BenchReport.js';
import { forwardTimes, quantile } from './forwardTimes.js';

/** Median ms per batch of tfjs and of onnxruntime on 1 and on all threads, at one batch size. */
export interface OnnxTimes {
  batch: number;
  tfjs: number;
  onnx1: number;
  onnxAll: number;
}

async function sessionTimes(session: OnnxSession, x: Float32Array, batch: number, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const t0 = performance.now();
    await session.run(x, [batch, 299, 299, 3]);
    if (i > 0) times.push(performance.now() - t0);
  }
  return times;
}

async function open(bytes: Uint8Array, threads: number): Promise<OnnxSession> {
  const opened = await openOnnxSession(bytes, { threads });
  if (!opened.ok) throw new Error(`${opened.message}${opened.hint ? ` (${opened.hint})` : ''}`);
  return opened.session;
}

/** Prints and returns the onnx vs tfjs section of `npm run bench`. */
export async function benchOnnx(report: BenchReport, rounds = 3): Promise<OnnxTimes[]> {
  const ir = compileFile('specs/inception_v3.incep').ir!;
  const model = buildModel(ir);
  const optimized = optimizeForInference(model);
  const bytes = exportOnnx(ir, model, { optimize: true });
  const cores = availableParallelism();
  const one = await open(bytes, 1);
  const all = await open(bytes, cores);
  report.section(
    'onnxruntime',
    `InceptionV3 299x299, optimized, exported with exportOnnx and run in ${one.description.replace(/, \d+ threads?$/, '')} ` +
      `on 1 and ${cores} threads, vs the optimized tfjs model on ${tf.getBackend()}; median of ${rounds} interleaved rounds`,
  );
  const rows: string[][] = [];
  const results: OnnxTimes[] = [];
  for (const batch of [1, 8]) {
    const x = tf.randomUniform([batch, 299, 299, 3], -1, 1, 'float32', 3);
    const data = (await x.data()) as Float32Array;
    const t: number[] = [];
    const o1: number[] = [];
    const oa: number[] = [];
    const runs = batch === 1 ? 3 : 1;
    for (let round = 0; round < rounds; round++) {
      t.push(...(await forwardTimes(optimized, x, runs)));
      o1.push(...(await sessionTimes(one, data, batch, runs * 3)));
      oa.push(...(await sessionTimes(all, data, batch, runs * 3)));
    }
    x.dispose();
    const r: OnnxTimes = { batch, tfjs: quantile(t, 0.5), onnx1: quantile(o1, 0.5), onnxAll: quantile(oa, 0.5) };
    rows.push(
      [`tfjs ${tf.getBackend()}`, String(batch), r.tfjs.toFixed(0), '1.0x'],
      ['onnxruntime, 1 thread', String(batch), r.onnx1.toFixed(0), `${(r.tfjs / r.onnx1).toFixed(1)}x`],
      [`onnxruntime, ${cores} threads`, String(batch), r.onnxAll.toFixed(0), `${(r.tfjs / r.onnxAll).toFixed(1)}x`],
    );
    results.push(r);
  }
  report.table(['runtime', 'batch', 'ms / batch', `speed-up vs ${tf.getBackend()}`], rows);
  await one.dispose();
  await all.dispose();
  model.dispose();
  optimized.dispose();
  return results;
}
