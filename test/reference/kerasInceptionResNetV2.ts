import { ScaledAdd } from '../../src/runtime/layers/ScaledAdd.js';
import type { tf as TfNamespace } from '../../src/runtime/tf.js';
import type { LayersModel, SymbolicTensor } from '../../src/runtime/tf.js';
import { KerasNamer } from './KerasNamer.js';

type Tf = typeof TfNamespace;

/** Options for {@link buildKerasInceptionResNetV2}. */
export interface KerasInceptionResNetV2Options {
  /** Units of the softmax classifier. Default 1000. */
  classes?: number;
  /** Channels-last input shape. Default [299, 299, 3]; Keras' minimum is 75×75. */
  inputShape?: [number, number, number];
  /**
   * Auto-naming scheme to emulate for the layers Keras leaves unnamed: 'tf.keras' counts from 0
   * (`conv2d`, `conv2d_1`, …), 'keras2' (standalone Keras 2.x) from 1. Default 'tf.keras'.
   */
  naming?: 'tf.keras' | 'keras2';
}

interface ConvOpts {
  strides?: number;
  padding?: 'same' | 'valid';
  /** `null` is Keras' `activation=None`: no Activation layer at all. */
  activation?: 'relu' | null;
  useBias?: boolean;
  name?: string;
}

/**
 * Builds InceptionResNetV2 (include_top=True) layer for layer as keras-team/keras
 * `keras/src/applications/inception_resnet_v2.py` does: the same layers in the same creation
 * and concatenation order, Keras' names for the layers it names (`mixed_5b`,
 * `block35_1_mixed`, `block35_1_conv`, `block35_1`, `block35_1_ac`, …, `conv_7b`,
 * `conv_7b_bn`, `conv_7b_ac`, `avg_pool`, `predictions`) and emulated auto-names for the
 * rest. The residual merge is the project's `ScaledAdd` named `block35_1` etc., as Keras ≤ 2.11
 * named its `Lambda`. It is a test reference for compiler output, so it avoids any abstraction
 * beyond Keras' own `conv2d_bn` and `inception_resnet_block` helpers.
 *
 * Backend selection is left to the caller.
 *
 * @param tf the tfjs namespace to build with (the project's runtime `tf`).
 * @param opts see {@link KerasInceptionResNetV2Options}.
 * @returns an uncompiled LayersModel named `inception_resnet_v2` with one output, `predictions`.
 */
export function buildKerasInceptionResNetV2(tf: Tf, opts: KerasInceptionResNetV2Options = {}): LayersModel {
  const classes = opts.classes ?? 1000;
  const inputShape = opts.inputShape ?? [299, 299, 3];
  const [h, w] = inputShape;
  if (h < 75 || w < 75) {
    // Keras' _obtain_input_shape(min_size=75); below it mixed_7a's strided convs collapse.
    throw new Error(`InceptionResNetV2 needs an input of at least 75×75, got ${h}×${w}`);
  }
  const namer = new KerasNamer((opts.naming ?? 'tf.keras') === 'keras2' ? 1 : 0);
  const channelAxis = 3;

  // Keras' conv2d_bn: `_bn` / `_ac` names exist only when the conv itself is named.
  const conv2dBn = (
    x: SymbolicTensor,
    filters: number,
    kernel: number | [number, number],
    o: ConvOpts = {},
  ): SymbolicTensor => {
    const useBias = o.useBias ?? false;
    const activation = o.activation === undefined ? 'relu' : o.activation;
    let y = tf.layers
      .conv2d({
        filters,
        kernelSize: kernel,
        strides: o.strides ?? 1,
        padding: o.padding ?? 'same',
        useBias,
        name: o.name ?? namer.next('conv2d'),
      })
      .apply(x) as SymbolicTensor;
    if (!useBias) {
      y = tf.layers
        .batchNormalization({
          axis: channelAxis,
          scale: false,
          epsilon: 0.001,
          momentum: 0.99,
          name: o.name ? `${o.name}_bn` : namer.next('batch_normalization'),
        })
        .apply(y) as SymbolicTensor;
    }
    if (activation !== null) {
      y = tf.layers
        .activation({ activation, name: o.name ? `${o.name}_ac` : namer.next('activation') })
        .apply(y) as SymbolicTensor;
    }
    return y;
  };
  const maxPool = (x: SymbolicTensor): SymbolicTensor =>
    tf.layers
      .maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: namer.next('max_pooling2d') })
      .apply(x) as SymbolicTensor;
  const concat = (xs: SymbolicTensor[], name: string): SymbolicTensor =>
    tf.layers.concatenate({ axis: channelAxis, name }).apply(xs) as SymbolicTensor;

  const inceptionResnetBlock = (
    x: SymbolicTensor,
    scale: number,
    blockType: 'block35' | 'block17' | 'block8',
    blockIdx: number,
    activation: 'relu' | null = 'relu',
  ): SymbolicTensor => {
    let branches: SymbolicTensor[];
    if (blockType === 'block35') {
      const branch0 = conv2dBn(x, 32, 1);
      let branch1 = conv2dBn(x, 32, 1);
      branch1 = conv2dBn(branch1, 32, 3);
      let branch2 = conv2dBn(x, 32, 1);
      branch2 = conv2dBn(branch2, 48, 3);
      branch2 = conv2dBn(branch2, 64, 3);
      branches = [branch0, branch1, branch2];
    } else if (blockType === 'block17') {
      const branch0 = conv2dBn(x, 192, 1);
      let branch1 = conv2dBn(x, 128, 1);
      branch1 = conv2dBn(branch1, 160, [1, 7]);
      branch1 = conv2dBn(branch1, 192, [7, 1]);
      branches = [branch0, branch1];
    } else {
      const branch0 = conv2dBn(x, 192, 1);
      let branch1 = conv2dBn(x, 192, 1);
      branch1 = conv2dBn(branch1, 224, [1, 3]);
      branch1 = conv2dBn(branch1, 256, [3, 1]);
      branches = [branch0, branch1];
    }
    const blockName = `${blockType}_${blockIdx}`;
    const mixed = concat(branches, `${blockName}_mixed`);
    const channels = x.shape[channelAxis]!;
    const up = conv2dBn(mixed, channels, 1, { activation: null, useBias: true, name: `${blockName}_conv` });
    let y = new ScaledAdd({ scale, name: blockName }).apply([x, up]) as SymbolicTensor;
    if (activation !== null) {
      y = tf.layers.activation({ activation, name: `${blockName}_ac` }).apply(y) as SymbolicTensor;
    }
    return y;
  };

  const imgInput = tf.input({ shape: inputShape, name: 'input_1' });

  // Stem: 299 → 35×35×192.
  let x = conv2dBn(imgInput, 32, 3, { strides: 2, padding: 'valid' });
  x = conv2dBn(x, 32, 3, { padding: 'valid' });
  x = conv2dBn(x, 64, 3);
  x = maxPool(x);
  x = conv2dBn(x, 80, 1, { padding: 'valid' });
  x = conv2dBn(x, 192, 3, { padding: 'valid' });
  x = maxPool(x);

  // mixed_5b (Inception-A): 35×35×320.
  {
    const branch0 = conv2dBn(x, 96, 1);
    let branch1 = conv2dBn(x, 48, 1);
    branch1 = conv2dBn(branch1, 64, 5);
    let branch2 = conv2dBn(x, 64, 1);
    branch2 = conv2dBn(branch2, 96, 3);
    branch2 = conv2dBn(branch2, 96, 3);
    let branchPool = tf.layers
      .averagePooling2d({
        poolSize: 3,
        strides: 1,
        padding: 'same',
        name: namer.next('average_pooling2d'),
      })
      .apply(x) as SymbolicTensor;
    branchPool = conv2dBn(branchPool, 64, 1);
    x = concat([branch0, branch1, branch2, branchPool], 'mixed_5b');
  }

  for (let i = 1; i <= 10; i++) x = inceptionResnetBlock(x, 0.17, 'block35', i);

  // mixed_6a (Reduction-A): 17×17×1088.
  {
    const branch0 = conv2dBn(x, 384, 3, { strides: 2, padding: 'valid' });
    let branch1 = conv2dBn(x, 256, 1);
    branch1 = conv2dBn(branch1, 256, 3);
    branch1 = conv2dBn(branch1, 384, 3, { strides: 2, padding: 'valid' });
    const branchPool = maxPool(x);
    x = concat([branch0, branch1, branchPool], 'mixed_6a');
  }

  for (let i = 1; i <= 20; i++) x = inceptionResnetBlock(x, 0.1, 'block17', i);

  // mixed_7a (Reduction-B): 8×8×2080.
  {
    let branch0 = conv2dBn(x, 256, 1);
    branch0 = conv2dBn(branch0, 384, 3, { strides: 2, padding: 'valid' });
    let branch1 = conv2dBn(x, 256, 1);
    branch1 = conv2dBn(branch1, 288, 3, { strides: 2, padding: 'valid' });
    let branch2 = conv2dBn(x, 256, 1);
    branch2 = conv2dBn(branch2, 288, 3);
    branch2 = conv2dBn(branch2, 320, 3, { strides: 2, padding: 'valid' });
    const branchPool = maxPool(x);
    x = concat([branch0, branch1, branch2, branchPool], 'mixed_7a');
  }

  for (let i = 1; i <= 9; i++) x = inceptionResnetBlock(x, 0.2, 'block8', i);
  // The last block is unscaled and linear: conv_7b's BN and ReLU follow directly.
  x = inceptionResnetBlock(x, 1.0, 'block8', 10, null);

  x = conv2dBn(x, 1536, 1, { name: 'conv_7b' });
  x = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as SymbolicTensor;
  const predictions = tf.layers
    .dense({ units: classes, activation: 'softmax', name: 'predictions' })
    .apply(x) as SymbolicTensor;

  return tf.model({ inputs: imgInput, outputs: predictions, name: 'inception_resnet_v2' });
}
