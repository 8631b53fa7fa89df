import { tf, type LayersModel, type Tensor } from '../runtime/tf.js';
import type { RgbImage } from './decodeImage.js';
import { rankClasses } from './rankClasses.js';

/** One ranked class. */
export interface Prediction {
  index: number;
  label: string;
  probability: number;
}

/**
 * Keras's `preprocess_input` in `tf` mode (InceptionV3, InceptionResNetV2): resize to the model
 * input with bilinear interpolation, then scale pixels from [0, 255] to [−1, 1].
 */
export function preprocessTf(image: RgbImage, height: number, width: number): Tensor {
  return tf.tidy(() => {
    const pixels = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32').toFloat();
    const resized = tf.image.resizeBilinear(pixels, [height, width]);
    return resized.div(127.5).sub(1).expandDims(0);
  });
}

/** Turns an image into the model's `[1, height, width, 3]` input. */
export type Preprocess = (image: RgbImage, height: number, width: number) => Tensor;

/**
 * Runs a classifier on decoded images and returns the top `k` classes of each (probabilities
 * from the model's softmax output). Images are prepared by `preprocess`, by default Keras's
 * convention for its Inception models (`preprocessTf`).
 */
export async function classifyImages(
  model: LayersModel,
  images: readonly RgbImage[],
  labels: readonly string[],
  k = 5,
  preprocess: Preprocess = preprocessTf,
): Promise<Prediction[][]> {
  const [, height, width] = model.inputs[0]!.shape as [null, number, number, number];
  const out: Prediction[][] = [];
  for (const image of images) {
    const input = preprocess(image, height, width);
    const probs = model.predict(input) as Tensor;
    const values = await probs.data();
    tf.dispose([input, probs]);
    out.push(rankClasses(values, labels, k));
  }
  return out;
}
