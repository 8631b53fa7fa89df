import { globalPoolOp } from './globalPool.js';

/** `globalmaxpool`: the maximum of each channel, to a vector. */
export const globalmaxpool = globalPoolOp(
  'globalmaxpool',
  'global max pooling to one value per channel',
  'globalMaxPooling2d',
);
