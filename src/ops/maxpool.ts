import { poolOp } from './pool.js';

/** `maxpool`: max pooling. */
export const maxpool = poolOp('maxpool', 'max pooling', 'maxPooling2d');
