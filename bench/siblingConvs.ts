/**
 * The one exact rewrite of an Inception graph that could still speed up its convolutions on one
 * core: the 1x1 convs that read the same tensor (the first layer of most branches) fused into one
 * conv with all their filters, its output then split by channels for the branches. Timed here on
 * the active backend over every such group of a model, against the convs run one by one, so the
 * report can say whether the optimizer should do it.
 */
import { performance } from 'node:perf_hooks';
import type { IRModel } from '../src/ir/ir.js';
import { tf, type Tensor, type Tensor4D } from '../src/runtime/tf.js';
import { quantile } from './forwardTimes.js';

/** Sibling 1x1 convs of one input: its shape (without batch) and their filter counts. */
export interface SiblingGroup {
  input: number[];
  filters: number[];
}

/** Every group of two or more stride-1 1x1 convs in `ir` that read the same layer. */
export function siblingGroups(ir: IRModel): SiblingGroup[] {
  const byInput = new Map<string, number[]>();
  for (const l of ir.layers) {
    if (l.op !== 'conv2d') continue;
    const a = l.attrs;
    const pointwise = a.kernel.every((k) => k === 1) && a.strides.every((s) => s === 1);
    if (!pointwise || l.inputs.length !== 1) continue;
    const list = byInput.get(l.inputs[0]!) ?? [];
    list.push(a.filters);
    byInput.set(l.inputs[0]!, list);
  }
  const shapes = new Map(ir.layers.map((l) => [l.name, l.shape.slice(1) as number[]]));
  return [...byInput]
    .filter(([, filters]) => filters.length > 1)
    .map(([input, filters]) => ({ input: shapes.get(input)!, filters }));
}

/**
 * Median ms of running every group's convs (bias and ReLU fused, as the optimizer leaves them)
 * one by one, and as one conv plus a channel split, at `batch`; `rounds` interleaved rounds.
 */
export function siblingConvTimes(
  groups: SiblingGroup[],
  batch: number,
  rounds = 15,
): { separate: number; fused: number } {
  const setups = groups.map((g) => {
    const c = g.input[2]!;
    const x = tf.randomNormal([batch, ...g.input]);
    const kernels = g.filters.map((f) => tf.randomNormal([1, 1, c, f]));
    const biases = g.filters.map((f) => tf.randomNormal([f]));
    return { x, kernels, biases, kernel: tf.concat(kernels, 3), bias: tf.concat(biases, 0), filters: g.filters };
  });
  const conv = (x: Tensor, filter: Tensor, bias: Tensor): Tensor =>
    tf.fused.conv2d({
      x: x as Tensor4D,
      filter: filter as Tensor4D,
      bias,
      strides: 1,
      pad: 'same',
      activation: 'relu',
    });
  // No read-back: the backends this runs on in Node (wasm, cpu, tfjs-node) finish each kernel
  // before returning, and copying every output out would swamp the difference measured.
  const separate = () => {
    for (const s of setups) tf.dispose(s.kernels.map((k, i) => conv(s.x, k, s.biases[i]!)));
  };
  const fused = () => {
    for (const s of setups) {
      const y = conv(s.x, s.kernel, s.bias);
      tf.dispose(tf.split(y, s.filters, 3));
      y.dispose();
    }
  };
  const time = (f: () => void) => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  separate();
  fused();
  const times = { separate: [] as number[], fused: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    times.separate.push(time(separate));
    times.fused.push(time(fused));
  }
  for (const s of setups) tf.dispose([s.x, ...s.kernels, ...s.biases, s.kernel, s.bias]);
  return { separate: quantile(times.separate, 0.5), fused: quantile(times.fused, 0.5) };
}
