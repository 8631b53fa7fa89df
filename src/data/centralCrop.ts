import type { CropBox } from './CropBox.js';

/**
 * The central `fraction` of an image, computed as TF-slim's `tf.image.central_crop` (the eval
 * preprocessing of its Inception models, `central_fraction=0.875`): the offset is truncated and
 * the size is what remains, so the crop stays centred to the pixel.
 */
export function centralCrop(height: number, width: number, fraction = 0.875): CropBox {
  const top = Math.trunc((height - height * fraction) / 2);
  const left = Math.trunc((width - width * fraction) / 2);
  return { top, left, height: height - 2 * top, width: width - 2 * left };
}
