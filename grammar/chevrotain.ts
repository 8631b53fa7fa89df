import type * as Chevrotain from 'chevrotain';

/**
 * chevrotain, loaded from the single-file ES module its package ships. Its package entry
 * (`lib/src/api.js`) pulls in some 400 files — its lodash-es among them — and costs about 0.7 s
 * at every start of `incep`; the bundle is the same code and loads in about 35 ms. The package's
 * `exports` map does not list the bundle, so it is found next to the entry it resolves to.
 */
export const chevrotain = (await import(
  new URL('../chevrotain.mjs', import.meta.resolve('chevrotain')).href
)) as typeof Chevrotain;
