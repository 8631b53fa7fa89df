import { convAttrs, factorKernels, type Factorization } from '../ops/convSurface.js';
import { opDef } from '../ops/registry.js';
import { scaleFilters } from '../ops/scaleFilters.js';
import { seriesName } from '../instantiate/seriesName.js';
import type { Activation as ActivationName, BnSetting, Pair, Padding } from '../ops/types.js';
import { LocalResponseNorm } from './layers/LocalResponseNorm.js';
import { ScaledAdd } from './layers/ScaledAdd.js';
import { tf, type SymbolicTensor } from './tf.js';

/** A symbolic tensor, as generated modules pass them around. */
export type T = SymbolicTensor;

/** An activation as generated modules write it (tfjs's spelling `hardSigmoid` included). */
export type Activation = ActivationName | 'hardSigmoid';

/** A conv's options in a generated module (the spec's `defaults`, then the op's own). */
export interface ConvOptions {
  strides: Pair;
  padding: Padding;
  dilation: Pair;
  useBias: boolean;
  activation: Activation;
  bn: BnSetting | null;
  depthMultiplier?: number;
  /** Set by a parameter: split the n×n conv as `factorize` does. */
  factorize?: Factorization | null;
  /** The filter count comes from `in`: the width multiplier leaves it alone. */
  fixedFilters?: boolean;
}

const KIT = { tf, ScaledAdd, LocalResponseNorm };

/**
 * The per-build state and helpers of a generated module: the width multiplier and class count,
 * the counters that name unnamed instances, and the layer helpers every module shares — so each
 * makes exactly the layers the compiler's own tfjs backend makes (both go through the op
 * definitions in `src/ops`).
 */
export class Build {
  readonly classes: number;
  readonly width: number;
  private readonly counters = new Map<string, number>();

  constructor(options: { classes: number; width: number }) {
    if (!Number.isInteger(options.classes) || options.classes < 1)
      throw new Error(`classes must be a positive integer, got ${options.classes}`);
    if (!(options.width > 0 && options.width <= 4))
      throw new Error(`width must be above 0 and at most 4, got ${options.width}`);
    this.classes = options.classes;
    this.width = options.width;
  }

  /** Conv2D; with `bn`, then BatchNormalization (`_bn`) and the activation (`_ac`), as Keras's conv2d_bn. */
  conv(x: T, name: string, filters: number, kernel: Pair, o: ConvOptions): T {
    return this.convLike('conv2d', x, name, filters, kernel, o);
  }

  /** SeparableConv2D, then BN and activation as `conv`. */
  sepconv(x: T, name: string, filters: number, kernel: Pair, o: ConvOptions): T {
    return this.convLike('sepconv2d', x, name, filters, kernel, o);
  }

  /** Concatenation on channels. */
  concat(name: string, xs: T[]): T {
    return opDef('concat').tfjs(KIT, name, {}).apply(xs) as T;
  }

  /** A residual merge: `input + scale × residual`, then the activation (`<name>_ac`) unless linear. */
  residual(name: string, input: T, residual: T, scale: number, activation: Activation): T {
    const added = opDef('scaledadd').tfjs(KIT, name, { scale }).apply([input, residual]) as T;
    const act = activation === 'hardSigmoid' ? 'hard_sigmoid' : activation;
    return act === 'linear'
      ? added
      : (opDef('activation').tfjs(KIT, `${name}_ac`, { activation: act }).apply(added) as T);
  }

  /**
   * The feature map as Keras's `pooling` asks when the head is left out: averaged (`avg_pool`)
   * or maxed (`max_pool`) to a vector, or as it is.
   */
  pooled(x: T, pooling: 'avg' | 'max' | undefined): T {
    if (pooling === 'avg') return opDef('globalavgpool').tfjs(KIT, 'avg_pool', {}).apply(x) as T;
    if (pooling === 'max') return opDef('globalmaxpool').tfjs(KIT, 'max_pool', {}).apply(x) as T;
    return x;
  }

  /** Channels of a tensor (what `in` means). */
  channels(x: T): number {
    return x.shape[x.shape.length - 1]!;
  }

  /** `a_1`, `a_2`, …: the name of the next instance of a block the spec does not name. */
  instance(base: string): string {
    const n = (this.counters.get(base) ?? 0) + 1;
    this.counters.set(base, n);
    return `${base}_${n}`;
  }

  /** The i-th name of `A x times as alias`, by the compiler's rule. */
  series(alias: string, times: number, i: number): string {
    return seriesName(alias, times, i);
  }

  /** The output of the layer called `name`, found from the tensors it leads to (an aux head's tap). */
  layerOutput(from: readonly T[], name: string): T {
    const seen = new Set<unknown>();
    const stack = [...from];
    while (stack.length > 0) {
      const t = stack.pop()!;
      const layer = t.sourceLayer;
      if (seen.has(layer)) continue;
      seen.add(layer);
      if (layer.name === name) return t;
      for (const node of layer.inboundNodes) stack.push(...node.inputTensors);
    }
    throw new Error(`no layer '${name}' leads to the model's outputs`);
  }

  private convLike(op: 'conv2d' | 'sepconv2d', x: T, name: string, filters: number, kernel: Pair, o: ConvOptions): T {
    const f = o.fixedFilters ? filters : scaleFilters(filters, this.width);
    if (o.factorize) {
      const kernels = factorKernels(o.factorize, kernel[0]);
      return kernels.reduce(
        (y, k, i) =>
          this.convLike(op, y, `${name}_f${i + 1}`, f, k, {
            ...o,
            factorize: null,
            fixedFilters: true,
            strides: i === kernels.length - 1 ? o.strides : [1, 1],
          }),
        x,
      );
    }
    const activation = o.activation === 'hardSigmoid' ? 'hard_sigmoid' : o.activation;
    // The same attributes the compiler gives the layer: the activation is fused only without BN.
    const attrs = convAttrs({
      filters: f,
      kernel,
      strides: o.strides,
      dilation: o.dilation,
      padding: o.padding,
      act: activation,
      bn: o.bn,
      useBias: o.useBias,
      depthMultiplier: o.depthMultiplier ?? 1,
    });
    const y = (
      op === 'conv2d'
        ? opDef('conv2d').tfjs(KIT, name, attrs)
        : opDef('sepconv2d').tfjs(KIT, name, { ...attrs, depthMultiplier: o.depthMultiplier ?? 1 })
    ).apply(x) as T;
    if (!o.bn) return y;
    const z = opDef('batchnorm').tfjs(KIT, `${name}_bn`, o.bn).apply(y) as T;
    return activation === 'linear' ? z : (opDef('activation').tfjs(KIT, `${name}_ac`, { activation }).apply(z) as T);
  }
}
