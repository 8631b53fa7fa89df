import type { RgbImage } from '../predict/decodeImage.js';
import { tf, type Tensor3D } from '../runtime/tf.js';
import type { CropBox } from './CropBox.js';

/**
 * Cuts `box` out of an 8-bit RGB image and resizes it bilinearly to `height × width`, optionally
 * mirrored left–right: a float32 `[height, width, 3]` tensor, pixel values still in [0, 255].
 * Resizing uses half-pixel centres (TF2's `tf.image.resize`, torchvision), which keeps the crop
 * centred; tfjs's default, the TF1 corner convention, shifts a downscaled image up-left.
 */
export function cropAndResize(image: RgbImage, box: CropBox, height: number, width: number, flip = false): Tensor3D {
  return tf.tidy(() => {
    const pixels = tf.tensor3d(image.data, [image.height, image.width, 3], 'int32');
    const crop = tf.cast(tf.slice(pixels, [box.top, box.left, 0], [box.height, box.width, 3]), 'float32');
    const resized = tf.image.resizeBilinear(crop, [height, width], false, true);
    return flip ? tf.reverse(resized, 1) : resized;
  });
}
