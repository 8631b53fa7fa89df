import { expect } from 'chai';
import onnxProto from 'onnx-proto';
import { openOnnxSession } from '../../src/onnx/openOnnxSession.js';
import { tf, type LayersModel, type Tensor } from '../../src/runtime/tf.js';

/** Ranges for batch-norm weights, far enough from the identity that a wrong mapping shows. */
const BN_RANGES: Record<string, [number, number]> = {
  gamma: [0.5, 1.5],
  beta: [-0.5, 0.5],
  moving_mean: [-0.5, 0.5],
  moving_variance: [0.5, 2],
};

/**
 * Seeded non-trivial weights everywhere (as test/optimize does): random BN statistics, gamma and
 * beta, He-normal kernels and small random biases — fresh BN layers are the identity and fresh
 * biases zero, which would hide a miswired BN input or bias, and Glorot kernels under random BN
 * let the signal fade until the output no longer depends on the input.
 */
export function randomizeWeights(model: LayersModel, seed: number): void {
  let n = seed;
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const shape = w.shape as number[];
      const role = w.originalName.slice(w.originalName.lastIndexOf('/') + 1);
      const range = BN_RANGES[role];
      if (layer.getClassName() === 'BatchNormalization' && range) {
        return tf.randomUniform(shape, range[0], range[1], 'float32', n++);
      }
      if (role === 'bias') return tf.randomUniform(shape, -0.1, 0.1, 'float32', n++);
      // A depthwise kernel [kh, kw, c, m] sums over kh·kw only.
      const fanIn = role === 'depthwise_kernel' ? shape[0]! * shape[1]! : shape.slice(0, -1).reduce((a, b) => a * b, 1);
      return tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', n++);
    });
    if (values.length > 0) layer.setWeights(values);
    tf.dispose(values);
  }
}

/** max |got − want| / max(max |want|, 1e-3): the error relative to the largest output magnitude. */
export function relativeDiff(got: Float32Array, want: Float32Array): number {
  expect(got.length).to.equal(want.length);
  let diff = 0;
  let scale = 1e-3;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i]! - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return diff / scale;
}

/** The tfjs model's outputs for `x`, in its output order. */
export async function tfjsOutputs(model: LayersModel, x: Tensor): Promise<Float32Array[]> {
  const y = model.predict(x);
  const ys = Array.isArray(y) ? y : [y];
  try {
    return await Promise.all(ys.map(async (t) => (await t.data()) as Float32Array));
  } finally {
    tf.dispose(ys);
  }
}

/** The ONNX model's outputs (and their names) for `x`, run in onnxruntime on the CPU. */
export async function onnxOutputs(bytes: Uint8Array, x: Tensor): Promise<{ names: string[]; values: Float32Array[] }> {
  const opened = await openOnnxSession(bytes);
  if (!opened.ok) throw new Error(`${opened.message} (${opened.hint ?? ''})`);
  try {
    const values = await opened.session.run(
      (await x.data()) as Float32Array,
      x.shape as [number, number, number, number],
    );
    return { names: [...opened.session.outputNames], values };
  } finally {
    await opened.session.dispose();
  }
}

/** How many nodes of each op type an ONNX model has. */
export function onnxOpCounts(bytes: Uint8Array): Map<string, number> {
  const model = onnxProto.onnx.ModelProto.decode(bytes);
  const counts = new Map<string, number>();
  for (const node of model.graph?.node ?? []) counts.set(node.opType ?? '', (counts.get(node.opType ?? '') ?? 0) + 1);
  return counts;
}
