/** `[batch, height, width, channels]` of an input batch (NHWC, as the IR's input). */
export type BatchShape = readonly [number, number, number, number];

/** The model's main output for one batch, flattened row by row, or why there is none. */
export type BatchResult = { ok: true; output: Float32Array } | { ok: false; message: string; hint?: string };

/**
 * Something that runs a built model on input batches: tfjs in this thread, a pool of worker
 * threads, or an ONNX Runtime session. `predict` and `bench` only see this, so every engine is
 * timed and checked by the same code.
 */
export interface BatchRunner {
  /** What runs the batches, for the user: the backend and its package, workers, threads. */
  readonly description: string;
  /** How many batches it can work on at once; callers keep that many in flight to keep it busy. */
  readonly parallelism: number;
  /** Runs one batch; never rejects. */
  run(x: Float32Array, shape: BatchShape): Promise<BatchResult>;
  /** Frees the model, stops any workers and fails any batch still running. Safe to call twice. */
  dispose(): Promise<void>;
}
