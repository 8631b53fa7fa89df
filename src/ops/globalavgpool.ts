import { globalPoolOp } from './globalPool.js';

/** `globalavgpool`: the mean of each channel, to a vector. */
export const globalavgpool = globalPoolOp(
  'globalavgpool',
  'global average pooling to one value per channel',
  'globalAveragePooling2d',
);
