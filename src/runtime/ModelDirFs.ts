import type * as nodeFs from 'node:fs/promises';

/**
 * File holding the topology and weights manifest (tfjs Layers format). Shared by the reader, the
 * writer and the check that a directory is safe to replace.
 */
export const MODEL_JSON = 'model.json';

/**
 * The subset of `node:fs/promises` the model-directory functions use.
 * Injectable so tests can simulate a failing disk; defaults to the real module.
 */
export type ModelDirFs = Pick<
  typeof nodeFs,
  'mkdir' | 'open' | 'readFile' | 'readdir' | 'realpath' | 'rename' | 'rm' | 'stat'
>;

/** Options for {@link saveModelDir} and {@link loadModelDir}. */
export interface ModelDirOptions {
  /** File-system implementation; defaults to `node:fs/promises`. */
  fs?: ModelDirFs;
}
