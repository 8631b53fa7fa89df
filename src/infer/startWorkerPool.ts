import type { Worker } from 'node:worker_threads';
import type { IRModel } from '../ir/ir.js';
import type { BackendChoice } from '../runtime/backendChoices.js';
import type { LayersModel } from '../runtime/tf.js';
import type { BatchResult, BatchRunner, BatchShape } from './BatchRunner.js';
import { spawnWorker } from './spawnWorker.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './workerMessages.js';

/** What {@link startWorkerPool} needs. */
export interface WorkerPoolOptions {
  /** The model's IR; each worker builds it. */
  ir: IRModel;
  /** `buildModel(ir)` with the weights to run (read here, not kept, not disposed). */
  model: LayersModel;
  /** The tfjs backend each worker selects: the one the main thread ended up with. */
  backend: BackendChoice;
  /** Each worker runs `optimizeForInference` on its model. */
  optimize: boolean;
  workers: number;
  /** Describes the backend, for the runner's description. */
  description: string;
  /** Receives what the workers print (tfjs warnings), instead of the process's own stdout. */
  onOutput?: (text: string) => void;
}

interface Job {
  id: number;
  x: Float32Array;
  shape: BatchShape;
  resolve: (result: BatchResult) => void;
}

interface Slot {
  worker: Worker;
  number: number;
  job?: Job;
}

/**
 * Starts `workers` worker threads, each with its own tfjs on the same backend and its own copy of
 * the model, and resolves to a {@link BatchRunner} that hands each batch to an idle worker.
 * Batches run concurrently, one per worker; each result comes back to its own caller, so callers
 * keep their order. Single-threaded backends (wasm in Node, cpu) use one core each, so N workers
 * use N cores.
 *
 * A worker that cannot start, throws or exits makes the whole pool stop: every worker is
 * terminated and every waiting batch fails with a message naming the worker and the cause.
 * Resolves to that message instead of a runner when it happens during start-up.
 */
export async function startWorkerPool(
  options: WorkerPoolOptions,
): Promise<{ ok: true; runner: BatchRunner } | { ok: false; message: string; hint?: string }> {
  const setup: WorkerSetup = {
    ir: JSON.stringify(options.ir),
    weights: options.model.getWeights().map((w) => {
      // Shared memory: every worker reads the same bytes instead of receiving a copy.
      const values = new Float32Array(new SharedArrayBuffer(w.size * Float32Array.BYTES_PER_ELEMENT));
      values.set(w.dataSync());
      return { shape: [...w.shape], values };
    }),
    backend: options.backend,
    optimize: options.optimize,
  };
  const slots: Slot[] = [];
  const queue: Job[] = [];
  let failure: { message: string; hint?: string } | undefined;
  let nextId = 0;

  const stop = async (reason: { message: string; hint?: string }) => {
    failure ??= reason;
    const waiting = [...slots.flatMap((s) => (s.job ? [s.job] : [])), ...queue.splice(0)];
    for (const s of slots) delete s.job;
    for (const job of waiting) job.resolve({ ok: false, ...failure });
    await Promise.all(slots.map((s) => s.worker.terminate()));
  };
  const pump = () => {
    for (const slot of slots) {
      if (slot.job || failure) continue;
      const job = queue.shift();
      if (!job) return;
      slot.job = job;
      const request: WorkerRequest = { type: 'run', id: job.id, x: job.x, shape: job.shape };
      slot.worker.postMessage(request);
    }
  };

  const started = Array.from({ length: options.workers }, (_, i) => {
    const worker = spawnWorker('inferenceWorker', {
      workerData: setup,
      stdout: options.onOutput !== undefined,
      stderr: options.onOutput !== undefined,
    });
    if (options.onOutput) {
      for (const stream of [worker.stdout, worker.stderr])
        stream.on('data', (chunk) => options.onOutput!(String(chunk)));
    }
    const slot: Slot = { worker, number: i + 1 };
    slots.push(slot);
    return new Promise<{ ok: true } | { ok: false; message: string; hint?: string }>((ready) => {
      const name = `inference worker ${slot.number} of ${options.workers}`;
      worker.on('message', (reply: WorkerReply) => {
        switch (reply.type) {
          case 'ready':
            ready({ ok: true });
            return;
          case 'failed': {
            const reason = {
              message: `${name} could not start: ${reply.message}`,
              ...(reply.hint ? { hint: reply.hint } : {}),
            };
            ready({ ok: false, ...reason });
            void stop(reason);
            return;
          }
          case 'result':
          case 'error': {
            const job = slot.job;
            if (job?.id !== reply.id) return;
            delete slot.job;
            job.resolve(
              reply.type === 'result' ? { ok: true, output: reply.output } : { ok: false, message: reply.message },
            );
            pump();
            return;
          }
        }
      });
      worker.on('error', (error) => {
        const reason = { message: `${name} failed: ${error.message.split('\n')[0] ?? error.message}` };
        ready({ ok: false, ...reason });
        void stop(reason);
      });
      worker.on('exit', (code) => {
        const reason = { message: `${name} stopped unexpectedly (exit code ${code})` };
        ready({ ok: false, ...reason });
        if (!failure) void stop(reason);
      });
    });
  });
  const outcomes = await Promise.all(started);
  for (const outcome of outcomes) {
    if (outcome.ok) continue;
    await stop(outcome);
    // The first failure, which stopped the others (their outcomes only say they were stopped).
    return { ok: false, ...(failure ?? outcome) };
  }
  const runner: BatchRunner = {
    description: `${options.description}; ${options.workers} worker threads`,
    parallelism: options.workers,
    run(x, shape) {
      if (failure) return Promise.resolve({ ok: false, ...failure });
      return new Promise((resolve) => {
        queue.push({ id: nextId++, x, shape, resolve });
        pump();
      });
    },
    dispose: () => stop({ message: 'the inference workers were stopped' }),
  };
  return { ok: true, runner };
}
