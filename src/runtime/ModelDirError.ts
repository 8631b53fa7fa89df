/** Why a model directory could not be saved or loaded. */
export type ModelDirErrorCode =
  /** `loadModelDir`: the directory does not exist. */
  | 'NOT_FOUND'
  /** `loadModelDir`: the path exists but is not a directory. */
  | 'NOT_A_DIRECTORY'
  /** `loadModelDir`: no `model.json` in the directory. */
  | 'MISSING_MODEL_JSON'
  /** `loadModelDir`: `model.json` is not valid JSON. */
  | 'BAD_JSON'
  /** `loadModelDir`: valid JSON, but not a tfjs Layers `model.json`. */
  | 'BAD_MODEL_JSON'
  /** `loadModelDir`: a weights file named by the manifest is missing. */
  | 'MISSING_WEIGHTS'
  /** `loadModelDir`: the weights files hold fewer or more bytes than the manifest describes. */
  | 'WEIGHTS_SIZE_MISMATCH'
  /** `loadModelDir`: a weight's bytes differ from the digest incep saved with it (edited manifest or file). */
  | 'WEIGHTS_CORRUPT'
  /** `loadModelDir`: a file of the model resolves (by `..`, an absolute path or a symlink) outside its directory. */
  | 'OUTSIDE_DIRECTORY'
  /** `loadModelDir`: tfjs rejected the topology or weights (e.g. unknown layer class). */
  | 'INVALID_MODEL'
  /** `loadModelDir`: an I/O error other than a missing file (permissions, EIO, …). */
  | 'READ_FAILED'
  /** `saveModelDir`: the target exists and does not look like a model directory. */
  | 'UNSAFE_TARGET'
  /** `saveModelDir`: writing or renaming failed; the previous directory (if any) is intact. */
  | 'WRITE_FAILED';

/**
 * The error {@link saveModelDir} and {@link loadModelDir} reject with. These
 * two functions throw rather than return result values because they sit
 * behind tfjs's own promise-based save/load API, which generated code awaits
 * directly; `code` lets callers branch without parsing messages, and the
 * underlying I/O error, if any, is `cause`.
 */
export class ModelDirError extends Error {
  override readonly name = 'ModelDirError';

  constructor(
    readonly code: ModelDirErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A `WRITE_FAILED` error for a save that failed while doing `what`, keeping the I/O error as `cause`. */
export function writeFailed(what: string, cause: unknown): ModelDirError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return new ModelDirError('WRITE_FAILED', `Saving the model failed, ${what}${detail}`, { cause });
}

/** A `READ_FAILED` error for an I/O failure other than a missing file while reading `path`. */
export function readFailed(path: string, cause: unknown): ModelDirError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ModelDirError('READ_FAILED', `Could not read '${path}': ${detail}`, { cause });
}

/** The `code` of a Node.js system error (`'ENOENT'`, …), or undefined for anything else. */
export function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}
