/** Backends a run may ask for (`--backend`). */
export type RunBackend = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** Where the training images come from. */
export interface RunData {
  /** A directory of class folders to train on. */
  train?: string;
  /** A directory of class folders to validate on. */
  val?: string;
  /** The fraction of `train` held out for validation instead, strictly between 0 and 1. */
  val_split?: number;
  /** Train on this many random images instead of a directory (smoke tests, benchmarks). */
  synthetic?: number;
}

/** The optimizer and its options; what a recipe leaves out takes `OPTIMIZER_DEFAULTS`. */
export interface RunOptimizer {
  name?: 'sgd' | 'momentum' | 'rmsprop' | 'adam' | 'adamw';
  lr?: number;
  momentum?: number;
  rho?: number;
  epsilon?: number;
  beta1?: number;
  beta2?: number;
  weight_decay?: number;
  nesterov?: boolean;
  centered?: boolean;
}

/** How the learning rate changes over the run (see `learningRate`). */
export interface RunSchedule {
  name?: 'constant' | 'exponential' | 'step' | 'cosine';
  rate?: number;
  every_epochs?: number;
  min_lr?: number;
  staircase?: boolean;
}

/**
 * The settings of one `incep train` run, as a YAML run file holds them. Every option of the
 * command has a key here and every key is optional: a flag on the command line overrides the
 * file (`mergeRunConfig`), and what neither gives takes the spec's recipe or the defaults. Keys
 * are snake_case, as the spec's `train` block writes them.
 */
export interface RunConfig {
  /** The `.incep` spec to train. */
  spec?: string;
  data?: RunData;
  /** The directory the trained model is written to. */
  out?: string;
  epochs?: number;
  batch?: number;
  /** Shorthand for the optimizer's base learning rate. */
  lr?: number;
  classes?: number;
  /** `HxWxC`, for example `224x224x3`, as `--input` takes it. */
  input?: string;
  /** The width multiplier, as `--width` takes it. */
  width?: number;
  /** A weights directory to start from. */
  weights?: string;
  /** Layers to keep fixed while training (a name or pattern the train command interprets). */
  freeze?: string;
  seed?: number;
  backend?: RunBackend;
  /** Continue from the checkpoint in `out`. */
  resume?: boolean;
  optimizer?: RunOptimizer;
  schedule?: RunSchedule;
  label_smoothing?: number;
  clipnorm?: number;
  weight_decay?: number;
  warmup_epochs?: number;
}
