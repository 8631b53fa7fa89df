/**
 * Makes tfjs-layers' stock `BatchNormalization` trainable when it was built
 * without `gamma` (`scale: false`) or without `beta` (`center: false`).
 *
 * tfjs-layers 4.22's training branch of `BatchNormalization.call` reads
 * `this.gamma.read()` and `this.beta.read()` unconditionally, so a layer
 * without one of them throws a TypeError under `model.fit` or
 * `layer.apply(x, { training: true })`. Keras-convention Inception models
 * (InceptionV3, v4, Inception-ResNet) use `BatchNormalization(scale=False)`
 * everywhere and could not train.
 *
 * The fix wraps the stock class's prototype `call` once, when this module is
 * loaded (`./tf.js`, the doorway to tfjs, imports it for that effect):
 *
 * - inference, and training of a layer that has both `gamma` and `beta`, go
 *   to the untouched stock `call`, so their results are bit-identical to
 *   unpatched tfjs;
 * - training of a frozen layer (`trainable = false`) runs the stock inference
 *   path: moving statistics, which stay as they are (Keras's semantics);
 * - training of a layer missing `gamma` and/or `beta` runs a copy of the stock
 *   training path with a constant γ = 1 / β = 0 in place of the missing
 *   weight: the output is `(x − mean_b) / sqrt(var_b + ε)·γ + β`
 *   with the batch mean and biased batch variance (`tf.moments`), and the
 *   moving statistics get the same update as the stock `scale: true` path,
 *   `moving − (moving − batch)·(1 − momentum)`.
 *
 * Patching the prototype rather than registering a subclass under the name
 * `BatchNormalization` means every instance is covered — layers made by
 * `tf.layers.batchNormalization`, by generated code, by `tf.loadLayersModel`
 * or a Keras weight import — and the class, `class_name`, config and weights
 * of saved models stay exactly the stock ones.
 *
 * `./tf.js` imports this module right after `@tensorflow/tfjs`, and this module
 * imports `tf` back from `./tf.js`. The cycle is safe: `tf` is a namespace
 * binding of an already evaluated module by the time this body runs, whichever
 * of the two files is imported first.
 *
 * Channel axes other than the last are left as broken as tfjs has them (its cpu
 * `FusedBatchNorm` kernel ignores the broadcast shape of the per-channel
 * vectors, and their gradient rejects it): the patched path follows the stock
 * one there too. incep's layers all normalize the last axis.
 *
 * @module
 */
import { tf } from './tf.js';
import type { Kwargs, LayerVariable, Tensor } from './tf.js';

/** `Layer.call`'s signature. */
export type LayerCall = (this: tf.layers.Layer, inputs: Tensor | Tensor[], kwargs: Kwargs) => Tensor | Tensor[];

/**
 * The stock layer's private state this module reads. These are fields of
 * tfjs-layers' `BatchNormalization` (private in its typings), set by its
 * constructor and `build`; `gamma`/`beta` are absent when `scale`/`center`
 * is false.
 */
interface BatchNormState {
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly gamma?: LayerVariable | null;
  readonly beta?: LayerVariable | null;
  readonly movingMean: LayerVariable;
  readonly movingVariance: LayerVariable;
}

/**
 * Marks the patched `call` and holds the stock one. `Symbol.for`, so two
 * copies of this runtime (e.g. `src/` under tsx and `dist/`) share the mark
 * and the second one does not wrap the first one's wrapper.
 */
const STOCK_CALL = Symbol.for('incep.patchBatchNormTraining.stockCall');

type PatchedCall = LayerCall & { readonly [STOCK_CALL]?: LayerCall };

/** `proto.call`, unbound (it is only ever invoked with an explicit `this`). */
function callOf(proto: tf.layers.Layer): PatchedCall {
  const call: unknown = Reflect.get(proto, 'call');
  return call as PatchedCall;
}

/** The prototype of tfjs-layers' `BatchNormalization` (the class is not exported, only registered). */
function batchNormPrototype(): tf.layers.Layer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap['BatchNormalization'];
  const cls = entry?.[0] as (abstract new (...args: never[]) => tf.layers.Layer) | undefined;
  if (cls === undefined || !(cls.prototype instanceof tf.layers.Layer)) {
    throw new Error('patchBatchNormTraining: tfjs-layers has no registered BatchNormalization layer');
  }
  return cls.prototype;
}

/** The single input tensor, as tfjs-layers' `getExactlyOneTensor` checks it. */
function exactlyOneTensor(inputs: Tensor | Tensor[]): Tensor {
  if (!Array.isArray(inputs)) {
    return inputs;
  }
  if (inputs.length !== 1) {
    throw new Error(`Expected Tensor length to be 1; got ${inputs.length}`);
  }
  return inputs[0]!;
}

/**
 * `tf.batchNorm` for ranks 2–4, the ranks tfjs-layers' `batchNormalization`
 * helper accepts (its `batchNorm2d/3d/4d` only add rank checks before calling
 * `tf.batchNorm`).
 */
function batchNormByRank(
  x: Tensor,
  mean: Tensor,
  variance: Tensor,
  beta: Tensor,
  gamma: Tensor,
  epsilon: number,
): Tensor {
  if (x.rank < 2 || x.rank > 4) {
    throw new Error(`batchNormalization is not implemented for array of rank ${x.rank} yet`);
  }
  return tf.batchNorm(x, mean, variance, beta, gamma, epsilon);
}

/** `variable ← variable − (variable − value)·(1 − momentum)`, the stock moving-average update. */
function updateMovingAverage(variable: LayerVariable, value: Tensor, momentum: number): void {
  tf.tidy(() => {
    const decay = 1 - momentum;
    const origValue = variable.read();
    variable.write(tf.sub(origValue, tf.mul(tf.sub(origValue, value), decay)));
  });
}

/**
 * Training-mode batch normalization for a layer missing `gamma` and/or `beta`:
 * the stock training path with a constant γ = 1 / β = 0 standing in for the
 * absent weight.
 *
 * The constants are passed as tensors rather than left out (`null`) because
 * tfjs-core 4.22's `FusedBatchNorm` gradient cannot handle a missing scale or
 * offset (it saves and reads them unconditionally). The forward kernels use
 * 1/0 for a missing scale/offset anyway, so the output has the same bits
 * either way, and the same bits as a `scale: true, center: true` layer holding
 * γ = 1, β = 0 (the tests check this on cpu). Being constants, not variables, they get no gradient and no update.
 */
function trainWithoutAffine(layer: BatchNormState, inputs: Tensor | Tensor[]): Tensor {
  return tf.tidy(() => {
    const input = exactlyOneTensor(inputs);
    // Batch mean and biased batch variance, as the stock path computes them.
    const { mean, variance } = tf.moments(input, reductionAxes(layer, input));
    const normed = normalize(layer, input, mean, variance);
    updateMovingAverage(layer.movingMean, mean, layer.momentum);
    updateMovingAverage(layer.movingVariance, variance, layer.momentum);
    return normed;
  });
}

/**
 * Inference-mode batch normalization, differentiable for a layer missing `gamma` and/or `beta`
 * (a frozen layer inside a model being trained): the moving statistics, untouched, with constant
 * γ = 1 / β = 0 where tfjs's gradient would read a missing weight.
 */
function inferWithoutAffine(layer: BatchNormState, inputs: Tensor | Tensor[]): Tensor {
  return tf.tidy(() => {
    const input = exactlyOneTensor(inputs);
    return normalize(layer, input, layer.movingMean.read(), layer.movingVariance.read());
  });
}

/** Every axis but the layer's channel axis. */
function reductionAxes(layer: BatchNormState, input: Tensor): number[] {
  const axis = layer.axis >= 0 ? layer.axis : layer.axis + input.rank;
  return [...Array(input.rank).keys()].filter((i) => i !== axis);
}

/** `(x − mean) / sqrt(variance + ε)·γ + β` per channel, with γ = 1 / β = 0 standing in for missing weights. */
function normalize(layer: BatchNormState, input: Tensor, mean: Tensor, variance: Tensor): Tensor {
  const ndim = input.rank;
  const axis = layer.axis >= 0 ? layer.axis : layer.axis + ndim;
  const gamma = layer.gamma?.read() ?? tf.onesLike(mean);
  const beta = layer.beta?.read() ?? tf.zerosLike(mean);
  if (axis === ndim - 1) return batchNormByRank(input, mean, variance, beta, gamma, layer.epsilon);
  // Channel axis not last: broadcast the per-channel vectors over the reduced axes.
  const shape = input.shape.map((dim, i) => (i === axis ? dim : 1));
  const [m, v, b, g] = [mean, variance, beta, gamma].map((t) => tf.reshape(t, shape)) as [
    Tensor,
    Tensor,
    Tensor,
    Tensor,
  ];
  return batchNormByRank(input, m, v, b, g, layer.epsilon);
}

/**
 * Wraps `BatchNormalization.prototype.call` so training works without
 * `gamma`/`beta`. Idempotent, also across copies of this runtime; runs when
 * this module is first imported.
 *
 * @returns `true` if this call installed the wrapper, `false` if it was already there.
 */
export function patchBatchNormTraining(): boolean {
  const proto = batchNormPrototype();
  const current = callOf(proto);
  if (current[STOCK_CALL] !== undefined) {
    return false;
  }
  const stockCall: LayerCall = current;
  const call = function (this: tf.layers.Layer, inputs: Tensor | Tensor[], kwargs: Kwargs): Tensor | Tensor[] {
    const state = this as unknown as BatchNormState;
    // Same truthiness test as the stock `call` (`training` may be a boolean or absent).
    const training = kwargs['training'] == null ? false : Boolean(kwargs['training']);
    // A frozen layer normalizes with its moving statistics and leaves them alone, as Keras's
    // BatchNormalization does since 2.1.3 (its transfer-learning guide relies on it); stock tfjs
    // would keep updating them from the new data's batches.
    if (training && !this.trainable) {
      return state.gamma != null && state.beta != null
        ? stockCall.call(this, inputs, { ...kwargs, training: false })
        : inferWithoutAffine(state, inputs);
    }
    if (!training || (state.gamma != null && state.beta != null)) {
      return stockCall.call(this, inputs, kwargs);
    }
    return trainWithoutAffine(state, inputs);
  };
  Object.defineProperty(call, STOCK_CALL, { value: stockCall });
  proto.call = call;
  return true;
}

/**
 * tfjs-layers' own `BatchNormalization.prototype.call`, as it was before the
 * patch: for comparisons in tests. Throws if the patch is not installed.
 */
export function stockBatchNormCall(): LayerCall {
  const stock = callOf(batchNormPrototype())[STOCK_CALL];
  if (stock === undefined) {
    throw new Error('patchBatchNormTraining: the BatchNormalization patch is not installed');
  }
  return stock;
}

patchBatchNormTraining();
