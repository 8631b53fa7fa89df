import { expect } from 'chai';

import { selectBackend } from '../../../src/runtime/selectBackend.js';
import { tf } from '../../../src/runtime/tf.js';
import type { Tensor } from '../../../src/runtime/tf.js';

/** A small seeded generator (mulberry32), so every random shape and value is reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values in [-1, 1) for a tensor of `shape`, as plain data that either backend can take. */
export function randomData(rand: () => number, shape: number[]): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  return Float32Array.from({ length: size }, () => rand() * 2 - 1);
}

/** Makes `name` the active backend (wasm through selectBackend, which registers the training kernels). */
export async function use(name: 'wasm' | 'cpu'): Promise<void> {
  const result = await selectBackend(name);
  expect(result.ok, JSON.stringify(result)).to.equal(true);
}

/** Runs `fn` on backend `name` and returns its tensors' shapes and values, disposing them. */
export async function runOn(
  name: 'wasm' | 'cpu',
  fn: () => Tensor[],
): Promise<Array<{ shape: number[]; values: Float32Array }>> {
  await use(name);
  const outs = tf.tidy(fn);
  const read = await Promise.all(outs.map(async (t) => ({ shape: t.shape, values: (await t.data()) as Float32Array })));
  tf.dispose(outs);
  return read;
}

/** Expects `actual` to equal `expected` within `tol` relative to the largest magnitude in `expected`. */
export function expectClose(
  actual: { shape: number[]; values: Float32Array },
  expected: { shape: number[]; values: Float32Array },
  what: string,
  tol = 1e-4,
): void {
  expect(actual.shape, `${what}: shape`).to.deep.equal(expected.shape);
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < expected.values.length; i++) {
    scale = Math.max(scale, Math.abs(expected.values[i]!));
    worst = Math.max(worst, Math.abs(actual.values[i]! - expected.values[i]!));
  }
  expect(worst / Math.max(scale, 1e-12), `${what}: max |diff| ${worst} vs max |expected| ${scale}`).to.be.at.most(tol);
}
