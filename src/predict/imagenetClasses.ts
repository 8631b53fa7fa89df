import { IMAGENET_CLASSES } from '@tensorflow-models/mobilenet/dist/imagenet_classes.js';

/**
 * The 1000 ImageNet class names in the order Keras Applications' classifiers use (index 0 is
 * "tench"), taken from the data file that @tensorflow-models/mobilenet ships rather than typed
 * in here.
 */
export const imagenetClasses: readonly string[] = Array.from(
  { length: 1000 },
  (_, i) => IMAGENET_CLASSES[i] ?? `class ${i}`,
);
