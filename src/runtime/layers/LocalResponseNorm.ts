import { tf } from '../tf.js';
import type { ConfigDict, Kwargs, LayerArgs, Shape, Tensor, Tensor4D } from '../tf.js';

/** The four LRN hyper-parameters, in TensorFlow's convention. */
export interface LocalResponseNormParams {
  /** Half-width of the channel window; the window spans `2 * depthRadius + 1` channels. */
  depthRadius: number;
  /** Additive constant `k` in the denominator. */
  bias: number;
  /** Scale of the windowed sum of squares (per element, not divided by the window size). */
  alpha: number;
  /** Exponent of the denominator. */
  beta: number;
}

/**
 * Constructor arguments of {@link LocalResponseNorm}. Omitted parameters take
 * {@link LocalResponseNorm.GOOGLENET}'s values; `getConfig` always writes all
 * four, so a saved model never depends on these defaults.
 */
export interface LocalResponseNormArgs extends LayerArgs, Partial<LocalResponseNormParams> {}

/**
 * Local response normalization across channels (NHWC), as used by GoogLeNet /
 * Inception v1: `x / (bias + alpha * sum(x[c-r .. c+r]^2)) ^ beta`.
 *
 * tfjs has the op (`tf.localResponseNormalization`) but no layer, so models
 * using it could not be saved as a LayersModel without this wrapper.
 *
 * Invalid parameters and non-rank-4 inputs are thrown, as tfjs layers do; the
 * compiler validates both earlier.
 */
export class LocalResponseNorm extends tf.layers.Layer {
  /** Serialization name; stored as `class_name` in `model.json`. */
  static readonly className = 'LocalResponseNorm';

  /**
   * GoogLeNet's LRN in TensorFlow's convention. The Caffe prototxt says
   * `local_size: 5, alpha: 0.0001, beta: 0.75` (k = 1), but Caffe divides
   * alpha by local_size while TensorFlow does not, so the equivalent is
   * depthRadius 2 (window 5) and alpha 1e-4 / 5 = 2e-5. This matches
   * tf.keras ports of GoogLeNet that use `tf.nn.local_response_normalization`.
   */
  static readonly GOOGLENET: Readonly<LocalResponseNormParams> = Object.freeze({
    depthRadius: 2,
    bias: 1,
    alpha: 2e-5,
    beta: 0.75,
  });

  readonly depthRadius: number;
  readonly bias: number;
  readonly alpha: number;
  readonly beta: number;

  constructor(args: LocalResponseNormArgs = {}) {
    super(args);
    const defaults = LocalResponseNorm.GOOGLENET;
    this.depthRadius = args.depthRadius ?? defaults.depthRadius;
    this.bias = args.bias ?? defaults.bias;
    this.alpha = args.alpha ?? defaults.alpha;
    this.beta = args.beta ?? defaults.beta;
    const problem = paramProblem(this);
    if (problem !== undefined) {
      throw new Error(`LocalResponseNorm: ${problem}`);
    }
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.singleRank4(inputShape);
  }

  override call(inputs: Tensor | Tensor[], _kwargs: Kwargs): Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (x === undefined || (Array.isArray(inputs) && inputs.length !== 1)) {
        throw new Error(`${this.describe()} expects exactly 1 input`);
      }
      this.singleRank4(x.shape);
      return tf.localResponseNormalization(x as Tensor4D, this.depthRadius, this.bias, this.alpha, this.beta);
    });
  }

  override getConfig(): ConfigDict {
    return {
      ...super.getConfig(),
      depthRadius: this.depthRadius,
      bias: this.bias,
      alpha: this.alpha,
      beta: this.beta,
    };
  }

  private singleRank4(inputShape: Shape | Shape[]): Shape {
    const isList = inputShape.length > 0 && inputShape.every((item) => Array.isArray(item));
    if (isList && inputShape.length !== 1) {
      throw new Error(`${this.describe()} expects exactly 1 input, got ${inputShape.length}`);
    }
    const shape = (isList ? inputShape[0] : inputShape) as Shape;
    if (shape.length !== 4) {
      // The op also accepts rank 3, but inside a model the batch axis makes
      // every image tensor rank 4; anything else is a wiring mistake.
      throw new Error(
        `${this.describe()} expects a rank-4 NHWC input [batch, height, width, channels], ` +
          `got rank ${shape.length}`,
      );
    }
    return [...shape];
  }

  private describe(): string {
    return `LocalResponseNorm layer '${this.name}'`;
  }
}

function paramProblem(p: LocalResponseNormParams): string | undefined {
  if (!Number.isInteger(p.depthRadius) || p.depthRadius < 0) {
    return `'depthRadius' must be a non-negative integer, got ${String(p.depthRadius)}`;
  }
  for (const key of ['bias', 'alpha', 'beta'] as const) {
    if (typeof p[key] !== 'number' || !Number.isFinite(p[key])) {
      return `'${key}' must be a finite number, got ${String(p[key])}`;
    }
  }
  return undefined;
}

tf.serialization.registerClass(LocalResponseNorm);
