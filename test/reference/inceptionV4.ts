import type { tf as TfNamespace } from '../../src/runtime/tf.js';
import type { LayersModel, SymbolicTensor } from '../../src/runtime/tf.js';
import { KerasNamer } from './KerasNamer.js';

type Tf = typeof TfNamespace;

/** Options for {@link buildInceptionV4}. */
export interface InceptionV4Options {
  /** Units of the softmax classifier. Default 1000. */
  classes?: number;
  /** Channels-last input shape. Default [299, 299, 3]; the smallest that does not collapse is 75×75. */
  inputShape?: [number, number, number];
  /** Auto-naming scheme for unnamed layers, as in the Keras references: 'tf.keras' (0-based, default) or 'keras2' (1-based). */
  naming?: 'tf.keras' | 'keras2';
}

interface ConvOpts {
  strides?: number;
  padding?: 'same' | 'valid';
}

/**
 * Builds Inception-v4 with the structure of timm's `timm/models/inception_v4.py` (= Cadene's
 * port of TF-slim) in the Keras convention: each timm `ConvNormAct` becomes Conv2D without bias
 * → BatchNormalization(scale=False, epsilon 0.001) → ReLU, so parameters count the Keras way
 * (42,711,400 at 1000 classes). Padding is 'valid' unless timm pads; timm's explicit paddings
 * are all the stride-1 'same' ones ((0,3) for 1×7, (1,0) for 3×1, …), and its
 * `AvgPool2d(3, 1, 1, count_include_pad=False)` is Keras' 'same' average pooling.
 *
 * Branch creation and concatenation order follow timm's `forward` (Mixed_3a is [pool, conv],
 * Mixed_5a is [conv, pool]). Concatenations carry the TF-slim scope names in lower case
 * (`mixed_3a` … `mixed_7d`); the rest is auto-named. The head is global average pooling
 * (`avg_pool`) → Dropout 0.2 → Dense softmax (`predictions`). A test reference: no abstraction
 * beyond one helper per timm module.
 *
 * Backend selection is left to the caller.
 *
 * @param tf the tfjs namespace to build with (the project's runtime `tf`).
 * @param opts see {@link InceptionV4Options}.
 * @returns an uncompiled LayersModel named `inception_v4` with one output, `predictions`.
 */
export function buildInceptionV4(tf: Tf, opts: InceptionV4Options = {}): LayersModel {
  const classes = opts.classes ?? 1000;
  const inputShape = opts.inputShape ?? [299, 299, 3];
  const [h, w] = inputShape;
  if (h < 75 || w < 75) {
    // Below 75 the valid 3×3 convs of Reduction-B see a 2×2 map and collapse.
    throw new Error(`Inception-v4 needs an input of at least 75×75, got ${h}×${w}`);
  }
  const namer = new KerasNamer((opts.naming ?? 'tf.keras') === 'keras2' ? 1 : 0);
  const channelAxis = 3;

  const conv = (
    x: SymbolicTensor,
    filters: number,
    kernel: number | [number, number],
    o: ConvOpts = {},
  ): SymbolicTensor => {
    let y = tf.layers
      .conv2d({
        filters,
        kernelSize: kernel,
        strides: o.strides ?? 1,
        padding: o.padding ?? 'valid',
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
  const same = { padding: 'same' } as const;
  const maxPool = (x: SymbolicTensor): SymbolicTensor =>
    tf.layers
      .maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: namer.next('max_pooling2d') })
      .apply(x) as SymbolicTensor;
  const avgPool = (x: SymbolicTensor): SymbolicTensor =>
    tf.layers
      .averagePooling2d({ poolSize: 3, strides: 1, padding: 'same', name: namer.next('average_pooling2d') })
      .apply(x) as SymbolicTensor;
  const concat = (xs: SymbolicTensor[], name?: string): SymbolicTensor =>
    tf.layers.concatenate({ axis: channelAxis, name: name ?? namer.next('concatenate') }).apply(xs) as SymbolicTensor;

  const inceptionA = (x: SymbolicTensor, name: string): SymbolicTensor => {
    const b0 = conv(x, 96, 1);
    let b1 = conv(x, 64, 1);
    b1 = conv(b1, 96, 3, same);
    let b2 = conv(x, 64, 1);
    b2 = conv(b2, 96, 3, same);
    b2 = conv(b2, 96, 3, same);
    const b3 = conv(avgPool(x), 96, 1);
    return concat([b0, b1, b2, b3], name);
  };

  const inceptionB = (x: SymbolicTensor, name: string): SymbolicTensor => {
    const b0 = conv(x, 384, 1);
    let b1 = conv(x, 192, 1);
    b1 = conv(b1, 224, [1, 7], same);
    b1 = conv(b1, 256, [7, 1], same);
    let b2 = conv(x, 192, 1);
    b2 = conv(b2, 192, [7, 1], same);
    b2 = conv(b2, 224, [1, 7], same);
    b2 = conv(b2, 224, [7, 1], same);
    b2 = conv(b2, 256, [1, 7], same);
    const b3 = conv(avgPool(x), 128, 1);
    return concat([b0, b1, b2, b3], name);
  };

  const inceptionC = (x: SymbolicTensor, name: string): SymbolicTensor => {
    const b0 = conv(x, 256, 1);
    const b10 = conv(x, 384, 1);
    const b1a = conv(b10, 256, [1, 3], same);
    const b1b = conv(b10, 256, [3, 1], same);
    const b1 = concat([b1a, b1b]);
    let b20 = conv(x, 384, 1);
    b20 = conv(b20, 448, [3, 1], same);
    b20 = conv(b20, 512, [1, 3], same);
    const b2a = conv(b20, 256, [1, 3], same);
    const b2b = conv(b20, 256, [3, 1], same);
    const b2 = concat([b2a, b2b]);
    const b3 = conv(avgPool(x), 256, 1);
    return concat([b0, b1, b2, b3], name);
  };

  const input = tf.input({ shape: inputShape, name: 'input_1' });

  // Stem (paper Figure 3): 299 → 35×35×384.
  let x = conv(input, 32, 3, { strides: 2 });
  x = conv(x, 32, 3);
  x = conv(x, 64, 3, same);
  {
    const pool = maxPool(x);
    const c = conv(x, 96, 3, { strides: 2 });
    x = concat([pool, c], 'mixed_3a');
  }
  {
    let b0 = conv(x, 64, 1);
    b0 = conv(b0, 96, 3);
    let b1 = conv(x, 64, 1);
    b1 = conv(b1, 64, [1, 7], same);
    b1 = conv(b1, 64, [7, 1], same);
    b1 = conv(b1, 96, 3);
    x = concat([b0, b1], 'mixed_4a');
  }
  {
    const c = conv(x, 192, 3, { strides: 2 });
    const pool = maxPool(x);
    x = concat([c, pool], 'mixed_5a');
  }

  for (const suffix of ['b', 'c', 'd', 'e']) x = inceptionA(x, `mixed_5${suffix}`);

  // Reduction-A (k, l, m, n = 192, 224, 256, 384): 17×17×1024.
  {
    const b0 = conv(x, 384, 3, { strides: 2 });
    let b1 = conv(x, 192, 1);
    b1 = conv(b1, 224, 3, same);
    b1 = conv(b1, 256, 3, { strides: 2 });
    const b2 = maxPool(x);
    x = concat([b0, b1, b2], 'mixed_6a');
  }

  for (const suffix of ['b', 'c', 'd', 'e', 'f', 'g', 'h']) x = inceptionB(x, `mixed_6${suffix}`);

  // Reduction-B: 8×8×1536.
  {
    let b0 = conv(x, 192, 1);
    b0 = conv(b0, 192, 3, { strides: 2 });
    let b1 = conv(x, 256, 1);
    b1 = conv(b1, 256, [1, 7], same);
    b1 = conv(b1, 320, [7, 1], same);
    b1 = conv(b1, 320, 3, { strides: 2 });
    const b2 = maxPool(x);
    x = concat([b0, b1, b2], 'mixed_7a');
  }

  for (const suffix of ['b', 'c', 'd']) x = inceptionC(x, `mixed_7${suffix}`);

  x = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as SymbolicTensor;
  x = tf.layers.dropout({ rate: 0.2, name: namer.next('dropout') }).apply(x) as SymbolicTensor;
  const predictions = tf.layers
    .dense({ units: classes, activation: 'softmax', name: 'predictions' })
    .apply(x) as SymbolicTensor;
  return tf.model({ inputs: input, outputs: predictions, name: 'inception_v4' });
}
