import { expect } from 'chai';
import { tf, type LayersModel, type SymbolicTensor, type Tensor } from '../../src/runtime/tf.js';

/** A model's values at an inner layer (`features`) and at its first output, for one input. */
export async function modelOutputs(
  model: LayersModel,
  features: string,
  x: Tensor,
): Promise<{ features: Float32Array; output: Float32Array }> {
  const probe = tf.model({
    inputs: model.inputs,
    outputs: [model.getLayer(features).output as SymbolicTensor, model.outputs[0]!],
  });
  const [f, y] = probe.predict(x) as Tensor[];
  try {
    return { features: (await f!.data()) as Float32Array, output: (await y!.data()) as Float32Array };
  } finally {
    tf.dispose([f!, y!]);
  }
}

/** The largest element-wise difference of two equally long arrays. */
export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).to.equal(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}
