import { poolOp } from './pool.js';

/** `avgpool`: average pooling; as in TensorFlow, padding is not counted in the average. */
export const avgpool = poolOp(
  'avgpool',
  'average pooling (TensorFlow semantics: padding is not counted)',
  'averagePooling2d',
);
