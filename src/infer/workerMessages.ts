import type { BackendChoice } from '../runtime/backendChoices.js';
import type { BatchShape } from './BatchRunner.js';

/**
 * What each inference worker starts with (its `workerData`). The IR travels as JSON and the
 * weights as Float32Arrays over SharedArrayBuffers, so N workers share one copy of the values
 * until each uploads them to its own backend, and no worker compiles the spec again.
 */
export interface WorkerSetup {
  /** `JSON.stringify` of the IRModel. */
  ir: string;
  /** `buildModel(ir).getWeights()` in order, with the values to set. */
  weights: Array<{ shape: number[]; values: Float32Array }>;
  /** The tfjs backend the main thread selected, by its resolved name. */
  backend: BackendChoice;
  /** Run `optimizeForInference` on the model once its weights are in. */
  optimize: boolean;
}

/** A batch for a worker to run. */
export interface WorkerRequest {
  type: 'run';
  id: number;
  x: Float32Array;
  shape: BatchShape;
}

/** What a worker posts back: set up (or not), then one reply per request. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'failed'; message: string; hint?: string }
  | { type: 'result'; id: number; output: Float32Array }
  | { type: 'error'; id: number; message: string };
