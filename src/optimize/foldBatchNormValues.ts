/** A weight's values in tfjs's layout, and its shape. */
export interface WeightValues {
  values: Float32Array;
  shape: readonly number[];
}

/** A BatchNormalization layer's inference-time parameters as arrays; `gamma`/`beta` are absent when `scale`/`center` is false. */
export interface BatchNormValues {
  gamma?: Float32Array;
  beta?: Float32Array;
  movingMean: Float32Array;
  movingVariance: Float32Array;
  epsilon: number;
}

/**
 * The weights of a linear layer with a batch norm folded into it:
 * `W' = W·s`, `b' = (b − mean)·s + β` with `s = γ / sqrt(var + ε)` per output channel.
 *
 * `weights` are the layer's own, in tfjs order (kernel(s), then the bias when `hasBias`); the
 * result always ends with a bias, so the layer needs `useBias: true`. Only the last kernel
 * scales: it alone produces the output channels (a SeparableConv2D's pointwise kernel). In every
 * foldable kernel the output channel is the flat index modulo the channel count — the last axis
 * of Conv2D and Dense kernels, and `c·multiplier + m` of a DepthwiseConv2D's `[…, c, m]`.
 * Computed in float64, rounded once to float32.
 */
export function foldBatchNormValues(
  weights: readonly WeightValues[],
  hasBias: boolean,
  bn: BatchNormValues,
): WeightValues[] {
  const channels = bn.movingMean.length;
  const scale = Array.from(
    { length: channels },
    (_, c) => (bn.gamma?.[c] ?? 1) / Math.sqrt(bn.movingVariance[c]! + bn.epsilon),
  );
  const kernels = hasBias ? weights.slice(0, -1) : [...weights];
  const bias = hasBias ? weights[weights.length - 1]!.values : new Float32Array(channels);
  const scaled = kernels.length - 1;
  const folded = kernels.map((kernel, i): WeightValues => {
    if (i !== scaled) return { values: kernel.values.slice(), shape: [...kernel.shape] };
    return { values: kernel.values.map((v, j) => v * scale[j % channels]!), shape: [...kernel.shape] };
  });
  const newBias = Float32Array.from(
    { length: channels },
    (_, c) => (bias[c]! - bn.movingMean[c]!) * scale[c]! + (bn.beta?.[c] ?? 0),
  );
  return [...folded, { values: newBias, shape: [channels] }];
}
