import type { Command } from './Command.js';
import { INFERENCE_BACKEND_CHOICES, parseInferenceChoice } from './parseInferenceChoice.js';
import { parseWholeNumber } from './parseWholeNumber.js';
import { usageError } from './usageError.js';

/** `incep bench SPEC`: how fast a model runs forward here, on a backend, in workers or in ONNX Runtime. */
export const benchCommand: Command = {
  name: 'bench',
  summary: 'time forward passes of a model on random input: ms per batch, images/s, peak memory',
  synopsis: 'SPEC [options]',
  positionals: { name: 'SPEC', min: 1, max: 1 },
  options: {
    backend: {
      type: 'string',
      value: 'NAME',
      description: `${INFERENCE_BACKEND_CHOICES.join(', ')} (default auto; onnx = ONNX Runtime)`,
    },
    batch: { type: 'string', value: 'N', description: 'images per forward pass (default 1)' },
    optimize: {
      type: 'boolean',
      description: 'time the inference-only graph: BatchNorm folded, activations fused, no dropout',
    },
    workers: {
      type: 'string',
      value: 'N',
      description: 'run tfjs in N worker threads, one batch each at a time (default 1: this thread)',
    },
    threads: { type: 'string', value: 'N', description: 'ONNX Runtime threads (--backend onnx; default all cores)' },
    device: { type: 'string', value: 'cpu|cuda', description: 'where ONNX Runtime runs (--backend onnx; default cpu)' },
    runs: { type: 'string', value: 'N', description: 'timed batches (default 10)' },
    warmup: { type: 'string', value: 'N', description: 'untimed batches first, per worker (default 2)' },
    weights: {
      type: 'string',
      value: 'DIR',
      description: 'load a checkpoint or converted Keras weights (default random weights)',
    },
    json: {
      type: 'boolean',
      description: 'end with a JSON line: { backend, batch, ms: { median, p10, p90 }, imagesPerSecond, peakRssMB, … }',
    },
  },
  details:
    'Builds the model, runs the warm-up batches, then times each batch of random input from\n' +
    'submission to its result read back. With --workers N, N batches run at once, one per worker;\n' +
    'images/s is then all images over the wall time of the timed runs, and each worker has its\n' +
    'own tfjs and copy of the model (wasm and cpu use one core each in Node). Peak RSS is the\n' +
    "process's, workers included. With --backend onnx the model is exported to ONNX and run by\n" +
    'onnxruntime-node (an optional dependency) on --threads threads, or on a CUDA GPU with\n' +
    '--device cuda when its CUDA build is installed. Progress goes to stderr, results to stdout.',
  async run(context) {
    const { io, values } = context;
    const usage = (message: string, hint?: string) => usageError(io.stderr, 'bench', message, hint);
    const batch = parseWholeNumber(values['batch'], 'batch', { fallback: 1, min: 1, max: 4096 });
    if (!batch.ok) return usage(batch.message, batch.hint);
    const runs = parseWholeNumber(values['runs'], 'runs', { fallback: 10, min: 1, max: 100_000 });
    if (!runs.ok) return usage(runs.message, runs.hint);
    const warmup = parseWholeNumber(values['warmup'], 'warmup', { fallback: 2, min: 0, max: 10_000 });
    if (!warmup.ok) return usage(warmup.message, warmup.hint);
    const choice = parseInferenceChoice(values);
    if (!choice.ok) return usage(choice.message, choice.hint);
    const weights = values['weights'];
    if (weights === '') return usage('--weights needs a directory', 'or leave it out to time random weights');
    // TensorFlow.js loads only here, so `--help` and usage errors stay fast.
    const { runBench } = await import('./runBench.js');
    return runBench(context, {
      spec: context.positionals[0]!,
      batch: batch.value,
      runs: runs.value,
      warmup: warmup.value,
      optimize: values['optimize'] === true,
      choice: choice.choice,
      json: values['json'] === true,
      ...(typeof weights === 'string' ? { weights } : {}),
    });
  },
};
