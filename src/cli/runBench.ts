import { buildModel } from '../backends/tfjs/buildModel.js';
import type { BatchShape } from '../infer/BatchRunner.js';
import type { InferenceChoice } from '../infer/InferenceChoice.js';
import { selectInferenceBackend } from '../infer/selectInferenceBackend.js';
import { timeBatches } from '../infer/timeBatches.js';
import type { CommandContext } from './Command.js';
import { compileSpec } from './compileSpec.js';
import { loadEveryWeight } from './loadEveryWeight.js';
import { EXIT } from './exitCodes.js';
import { printError } from './printError.js';
import { readWeightsSettings } from './readWeightsSettings.js';
import { requireModel } from './requireModel.js';
import { usageError } from './usageError.js';
import { openCommandRunner } from './openCommandRunner.js';

/** A bench as `incep bench` parsed it. */
export interface BenchRun {
  spec: string;
  batch: number;
  runs: number;
  /** Untimed batches per worker (per runner slot) before the timed ones. */
  warmup: number;
  optimize: boolean;
  choice: InferenceChoice;
  /** Weights to load; random weights without. */
  weights?: string;
  json: boolean;
}

/** The exit status of a Ctrl-C, as a shell reports a SIGINT. */
const INTERRUPTED = 130;

/**
 * Runs `incep bench`: builds the model, opens the runner the choice asks for, runs the warm-up
 * batches, times `runs` batches of random input (as many at once as the runner takes), and prints
 * the median, p10 and p90 ms per batch, images per second, the peak RSS and the backend. Resolves
 * to the exit status.
 */
export async function runBench(context: CommandContext, run: BenchRun): Promise<number> {
  const { io } = context;
  let settled = context;
  if (run.weights !== undefined) {
    const read = await readWeightsSettings(context, run.weights, undefined);
    if (!read.ok) {
      printError(io.stderr, { message: read.message, hint: read.hint });
      return EXIT.failed;
    }
    settled = read.context;
  }
  const ir = requireModel(run.spec, compileSpec(run.spec, settled), settled);
  if (!ir) return EXIT.failed;
  const selected = await selectInferenceBackend(run.choice);
  if (!selected.ok) return usageError(io.stderr, 'bench', selected.message, selected.hint);

  const model = buildModel(ir);
  if (run.weights !== undefined) {
    const problem = await loadEveryWeight(model, run.weights, io.cwd, ir);
    if (problem) {
      model.dispose();
      printError(io.stderr, problem);
      return EXIT.failed;
    }
  }
  const engine = run.choice.engine === 'onnx' ? 'onnx' : selected.backend;
  io.stderr.write(`${ir.name}: opening the ${engine} runner${run.optimize ? ' (optimized graph)' : ''}\n`);
  const opened = await openCommandRunner(
    'bench',
    ir,
    model,
    run.choice,
    { optimize: run.optimize, backend: { name: selected.backend, description: selected.description } },
    io,
  );
  if (typeof opened === 'number') return opened;
  const { runner, interrupted: interrupt } = opened;
  try {
    const shape: BatchShape = [run.batch, ...ir.input];
    const x = randomInput(shape);
    const stopped = () => interrupt.aborted;
    if (run.warmup > 0) {
      io.stderr.write(`warming up: ${run.warmup * runner.parallelism} batches of ${run.batch}\n`);
      const warm = await timeBatches(runner, x, shape, run.warmup * runner.parallelism, stopped);
      if (interrupt.aborted) {
        io.stderr.write('interrupted\n');
        return INTERRUPTED;
      }
      if (!warm.ok) {
        printError(io.stderr, warm);
        return EXIT.failed;
      }
    }
    io.stderr.write(`timing ${run.runs} batches of ${run.batch}\n`);
    const timed = await timeBatches(runner, x, shape, run.runs, stopped);
    if (interrupt.aborted) {
      io.stderr.write('interrupted\n');
      return INTERRUPTED;
    }
    if (!timed.ok) {
      printError(io.stderr, timed);
      return EXIT.failed;
    }
    const ms = {
      median: round(quantile(timed.latencies, 0.5)),
      p10: round(quantile(timed.latencies, 0.1)),
      p90: round(quantile(timed.latencies, 0.9)),
    };
    const imagesPerSecond = round((run.runs * run.batch) / (timed.wallMs / 1000));
    // maxRSS is in kilobytes, and counts the worker threads: they live in this process.
    const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
    const parallel =
      run.choice.engine === 'onnx'
        ? { threads: run.choice.threads, device: run.choice.device }
        : { workers: run.choice.workers };
    const input = ir.input.join('x');
    io.stdout.write(
      [
        `${ir.name} ${input}, batch ${run.batch}${run.optimize ? ', optimized' : ''}: ${run.runs} timed runs after ${run.warmup} warm-up`,
        `  ms per batch  median ${ms.median}  p10 ${ms.p10}  p90 ${ms.p90}`,
        `  images/s      ${imagesPerSecond}`,
        `  peak RSS      ${peakRssMB} MB`,
        `  backend       ${runner.description}`,
        '',
      ].join('\n'),
    );
    if (run.json) {
      const result = {
        backend: engine,
        batch: run.batch,
        ms,
        imagesPerSecond,
        peakRssMB,
        ...parallel,
        model: ir.name,
        input: ir.input,
        optimize: run.optimize,
        runs: run.runs,
        warmup: run.warmup,
        description: runner.description,
      };
      io.stdout.write(`${JSON.stringify(result)}\n`);
    }
    return EXIT.ok;
  } finally {
    await opened.close();
  }
}

/** Uniform values in [-1, 1), the range the zoo's models are fed, from a fixed seed: same input every run. */
function randomInput(shape: BatchShape): Float32Array {
  const x = new Float32Array(shape.reduce((a, b) => a * b, 1));
  let state = 0x9e3779b9;
  for (let i = 0; i < x.length; i++) {
    // xorshift32: fast and plenty for timing input.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    x[i] = (state >>> 0) / 2 ** 31 - 1;
  }
  return x;
}

/** The `q` quantile (0.5 = median) by nearest rank. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
