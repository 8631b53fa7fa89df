import type { Padding } from './types.js';

/**
 * Output length of a convolution or pooling window along one axis: tfjs-layers'
 * `convOutputLength` (src/utils/conv_utils.ts), copied exactly so the IR's shapes always equal the
 * shapes tfjs builds — `same` gives ceil(n/s), `valid` gives floor((n − k_eff)/s) + 1.
 */
export function convOutputLength(
  inputLength: number,
  filterSize: number,
  padding: Padding,
  stride: number,
  dilation = 1,
): number {
  const dilatedFilterSize = filterSize + (filterSize - 1) * (dilation - 1);
  const outputLength = padding === 'same' ? inputLength : inputLength - dilatedFilterSize + 1;
  return Math.floor((outputLength + stride - 1) / stride);
}
