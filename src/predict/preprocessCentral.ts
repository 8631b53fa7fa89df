import { centralCrop } from '../data/centralCrop.js';
import { cropAndResize } from '../data/cropAndResize.js';
import { tf, type Tensor } from '../runtime/tf.js';
import type { RgbImage } from './decodeImage.js';

/**
 * An image prepared as `incep train` validates (and `incep eval` evaluates): the central
 * `fraction` of it resized to the model input with half-pixel bilinear sampling, pixels scaled to
 * [−1, 1]; a `[1, height, width, 3]` batch. A checkpoint's predictions go through this, so they
 * see what its validation accuracy was measured on.
 */
export function preprocessCentral(image: RgbImage, height: number, width: number, fraction: number): Tensor {
  return tf.tidy(() => {
    const pixels = cropAndResize(image, centralCrop(image.height, image.width, fraction), height, width);
    return tf.expandDims(tf.sub(tf.div(pixels, 127.5), 1), 0);
  });
}
