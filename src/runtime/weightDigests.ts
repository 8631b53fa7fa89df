import { createHash } from 'node:crypto';

import type { WeightsManifestEntry } from './tf.js';

const BYTES: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8 };
const QUANTIZED: Readonly<Record<string, number>> = { uint8: 1, uint16: 2, float16: 2 };

/** Bytes one manifest entry occupies in the weights data, or undefined (strings have no fixed size). */
export function entryBytes(entry: WeightsManifestEntry): number | undefined {
  const per = entry.quantization?.dtype !== undefined ? QUANTIZED[entry.quantization.dtype] : BYTES[entry.dtype];
  return per === undefined ? undefined : per * entry.shape.reduce((a, b) => a * b, 1);
}

/**
 * SHA-256 of each weight's bytes, by weight name, for the entries laid end to end in `data` in
 * manifest order. Saved with a model, they let a load notice bytes that no longer match their
 * entries — a manifest reordered by hand puts same-shaped weights in each other's place, which
 * no size check can see.
 */
export function weightDigests(entries: readonly WeightsManifestEntry[], data: Uint8Array): Record<string, string> {
  const digests: Record<string, string> = {};
  let at = 0;
  for (const entry of entries) {
    const size = entryBytes(entry) ?? 0;
    digests[entry.name] = createHash('sha256')
      .update(data.subarray(at, at + size))
      .digest('hex');
    at += size;
  }
  return digests;
}
