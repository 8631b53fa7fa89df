import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs';
import { KerasNamer } from './KerasNamer.js';

type Tf = typeof import('@tensorflow/tfjs');

/** Options for {@link buildKerasInceptionV3}. */
export interface KerasInceptionV3Options {
  /** Units of the softmax classifier(s). Default 1000. */
  classes?: number;
  /** Channels-last input shape. Default [299, 299, 3]; Keras' minimum is 75×75. */
  inputShape?: [number, number, number];
  /** Add the batch-normalised auxiliary classifier (tapped at mixed7) as a second output. */
  aux?: boolean;
  /**
   * Auto-naming scheme to emulate: 'tf.keras' counts from 0 (`conv2d`, `conv2d_1`, …),
   * 'keras2' (standalone Keras 2.x) counts from 1 (`conv2d_1`, `conv2d_2`, …).
   * Default 'tf.keras'.
   */
  naming?: 'tf.keras' | 'keras2';
}

interface ConvOpts {
  strides?: [number, number];
  padding?: 'same' | 'valid';
}

/**
 * Builds InceptionV3 (include_top=True) exactly as keras-team/keras
 * `keras/src/applications/inception_v3.py` does: same layers, same creation order, same
 * branch and concatenation order, and Keras' auto-generated layer names. It exists as a
 * test reference that compiler output is compared against, so it deliberately avoids
 * any abstraction beyond Keras' own `conv2d_bn` helper.
 *
 * With `aux: true` a TF-slim-style auxiliary head (AvgPool 5/3 valid → conv_bn 128 1×1 →
 * conv_bn 768 5×5 valid → Flatten → Dense softmax) is added after the trunk, tapped at
 * mixed7, and returned as the second output; its layers are named with an `aux_` prefix
 * and their own counters, so trunk names are identical with or without it.
 *
 * Backend selection is left to the caller.
 *
 * @param tf the tfjs namespace to build with (the caller's runtime module).
 * @param opts see {@link KerasInceptionV3Options}.
 * @returns an uncompiled LayersModel named `inception_v3`, outputs `[predictions]` or
 *   `[predictions, aux_predictions]`.
 */
export function buildKerasInceptionV3(tf: Tf, opts: KerasInceptionV3Options = {}): LayersModel {
  const classes = opts.classes ?? 1000;
  const inputShape = opts.inputShape ?? [299, 299, 3];
  const firstIndex = (opts.naming ?? 'tf.keras') === 'keras2' ? 1 : 0;
  const [h, w] = inputShape;
  if (h < 75 || w < 75) {
    // Mirrors Keras' _obtain_input_shape(min_size=75); smaller inputs collapse to <1 pixel.
    throw new Error(`InceptionV3 needs an input of at least 75×75, got ${h}×${w}`);
  }
  if (opts.aux) {
    // Checked before any layer is built, so a rejected call allocates no weights. The aux
    // head's AvgPool(5, stride 3) + 5×5 valid conv need mixed7 ≥ 17×17; tfjs would
    // otherwise fail with an opaque negative-dimension error.
    // [kernel, stride] of every 'valid' spatial reduction before mixed7: stem conv s2,
    // conv, maxpool s2, conv, maxpool s2, then mixed3's stride-2 branches.
    const reductions: Array<[number, number]> = [
      [3, 2],
      [3, 1],
      [3, 2],
      [3, 1],
      [3, 2],
      [3, 2],
    ];
    const mixed7Size = (s: number) => reductions.reduce((n, [k, st]) => Math.floor((n - k) / st) + 1, s);
    const [th, tw] = [mixed7Size(h), mixed7Size(w)];
    if (th < 17 || tw < 17) {
      throw new Error(`aux head needs mixed7 ≥ 17×17 (input ≥ 299×299), got ${th}×${tw}`);
    }
  }
  const channelAxis = 3;

  // Stateful helpers close over a namer so one function serves trunk and aux head.
  const makeConvBn =
    (namer: KerasNamer) =>
    (x: SymbolicTensor, filters: number, numRow: number, numCol: number, o: ConvOpts = {}): SymbolicTensor => {
      let y = tf.layers
        .conv2d({
          filters,
          kernelSize: [numRow, numCol],
          strides: o.strides ?? [1, 1],
          padding: o.padding ?? 'same',
          useBias: false,
          name: namer.next('conv2d'),
        })
        .apply(x) as SymbolicTensor;
      y = tf.layers
        .batchNormalization({
          axis: channelAxis,
          scale: false,
          epsilon: 0.001,
          momentum: 0.99,
          name: namer.next('batch_normalization'),
        })
        .apply(y) as SymbolicTensor;
      return tf.layers.activation({ activation: 'relu', name: namer.next('activation') }).apply(y) as SymbolicTensor;
    };

  const namer = new KerasNamer(firstIndex);
  const convBn = makeConvBn(namer);
  const maxPool = (x: SymbolicTensor): SymbolicTensor =>
    tf.layers
      .maxPooling2d({ poolSize: [3, 3], strides: [2, 2], padding: 'valid', name: namer.next('max_pooling2d') })
      .apply(x) as SymbolicTensor;
  const avgPool = (x: SymbolicTensor): SymbolicTensor =>
    tf.layers
      .averagePooling2d({ poolSize: [3, 3], strides: [1, 1], padding: 'same', name: namer.next('average_pooling2d') })
      .apply(x) as SymbolicTensor;
  // Named concats bypass the counter, as in Keras where only auto-named layers call get_uid.
  const concat = (xs: SymbolicTensor[], name?: string): SymbolicTensor =>
    tf.layers.concatenate({ axis: channelAxis, name: name ?? namer.next('concatenate') }).apply(xs) as SymbolicTensor;

  const imgInput = tf.input({ shape: inputShape, name: 'input_1' });

  let x = convBn(imgInput, 32, 3, 3, { strides: [2, 2], padding: 'valid' });
  x = convBn(x, 32, 3, 3, { padding: 'valid' });
  x = convBn(x, 64, 3, 3);
  x = maxPool(x);

  x = convBn(x, 80, 1, 1, { padding: 'valid' });
  x = convBn(x, 192, 3, 3, { padding: 'valid' });
  x = maxPool(x);

  // mixed0..2: 35×35×256/288/288; only the pool projection width differs.
  for (const [i, poolFilters] of [32, 64, 64].entries()) {
    const branch1x1 = convBn(x, 64, 1, 1);

    let branch5x5 = convBn(x, 48, 1, 1);
    branch5x5 = convBn(branch5x5, 64, 5, 5);

    let branch3x3dbl = convBn(x, 64, 1, 1);
    branch3x3dbl = convBn(branch3x3dbl, 96, 3, 3);
    branch3x3dbl = convBn(branch3x3dbl, 96, 3, 3);

    let branchPool = avgPool(x);
    branchPool = convBn(branchPool, poolFilters, 1, 1);
    x = concat([branch1x1, branch5x5, branch3x3dbl, branchPool], `mixed${i}`);
  }

  // mixed3: 17×17×768
  {
    const branch3x3 = convBn(x, 384, 3, 3, { strides: [2, 2], padding: 'valid' });

    let branch3x3dbl = convBn(x, 64, 1, 1);
    branch3x3dbl = convBn(branch3x3dbl, 96, 3, 3);
    branch3x3dbl = convBn(branch3x3dbl, 96, 3, 3, { strides: [2, 2], padding: 'valid' });

    const branchPool = maxPool(x);
    x = concat([branch3x3, branch3x3dbl, branchPool], 'mixed3');
  }

  // mixed4..7: 17×17×768; the factorised-7×7 bottleneck width is 128, 160, 160, 192.
  for (const [i, c] of [128, 160, 160, 192].entries()) {
    const branch1x1 = convBn(x, 192, 1, 1);

    let branch7x7 = convBn(x, c, 1, 1);
    branch7x7 = convBn(branch7x7, c, 1, 7);
    branch7x7 = convBn(branch7x7, 192, 7, 1);

    let branch7x7dbl = convBn(x, c, 1, 1);
    branch7x7dbl = convBn(branch7x7dbl, c, 7, 1);
    branch7x7dbl = convBn(branch7x7dbl, c, 1, 7);
    branch7x7dbl = convBn(branch7x7dbl, c, 7, 1);
    branch7x7dbl = convBn(branch7x7dbl, 192, 1, 7);

    let branchPool = avgPool(x);
    branchPool = convBn(branchPool, 192, 1, 1);
    x = concat([branch1x1, branch7x7, branch7x7dbl, branchPool], `mixed${4 + i}`);
  }
  const mixed7 = x;

  // mixed8: 8×8×1280
  {
    let branch3x3 = convBn(x, 192, 1, 1);
    branch3x3 = convBn(branch3x3, 320, 3, 3, { strides: [2, 2], padding: 'valid' });

    let branch7x7x3 = convBn(x, 192, 1, 1);
    branch7x7x3 = convBn(branch7x7x3, 192, 1, 7);
    branch7x7x3 = convBn(branch7x7x3, 192, 7, 1);
    branch7x7x3 = convBn(branch7x7x3, 192, 3, 3, { strides: [2, 2], padding: 'valid' });

    const branchPool = maxPool(x);
    x = concat([branch3x3, branch7x7x3, branchPool], 'mixed8');
  }

  // mixed9, mixed10: 8×8×2048
  for (let i = 0; i < 2; i++) {
    const branch1x1 = convBn(x, 320, 1, 1);

    const branch3x3 = convBn(x, 384, 1, 1);
    const branch3x3_1 = convBn(branch3x3, 384, 1, 3);
    const branch3x3_2 = convBn(branch3x3, 384, 3, 1);
    const branch3x3Cat = concat([branch3x3_1, branch3x3_2], `mixed9_${i}`);

    let branch3x3dbl = convBn(x, 448, 1, 1);
    branch3x3dbl = convBn(branch3x3dbl, 384, 3, 3);
    const branch3x3dbl_1 = convBn(branch3x3dbl, 384, 1, 3);
    const branch3x3dbl_2 = convBn(branch3x3dbl, 384, 3, 1);
    // Keras leaves this one unnamed, so it takes a `concatenate` counter value.
    const branch3x3dblCat = concat([branch3x3dbl_1, branch3x3dbl_2]);

    let branchPool = avgPool(x);
    branchPool = convBn(branchPool, 192, 1, 1);
    x = concat([branch1x1, branch3x3Cat, branch3x3dblCat, branchPool], `mixed${9 + i}`);
  }

  x = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as SymbolicTensor;
  const predictions = tf.layers
    .dense({ units: classes, activation: 'softmax', name: 'predictions' })
    .apply(x) as SymbolicTensor;

  const outputs = [predictions];
  if (opts.aux) {
    const auxNamer = new KerasNamer(firstIndex, 'aux_');
    const auxConvBn = makeConvBn(auxNamer);
    let a = tf.layers
      .averagePooling2d({
        poolSize: [5, 5],
        strides: [3, 3],
        padding: 'valid',
        name: auxNamer.next('average_pooling2d'),
      })
      .apply(mixed7) as SymbolicTensor;
    a = auxConvBn(a, 128, 1, 1);
    a = auxConvBn(a, 768, 5, 5, { padding: 'valid' });
    a = tf.layers.flatten({ name: auxNamer.next('flatten') }).apply(a) as SymbolicTensor;
    outputs.push(
      tf.layers.dense({ units: classes, activation: 'softmax', name: 'aux_predictions' }).apply(a) as SymbolicTensor,
    );
  }

  return tf.model({ inputs: imgInput, outputs, name: 'inception_v3' });
}
