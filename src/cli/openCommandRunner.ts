import type { BatchRunner } from '../infer/BatchRunner.js';
import type { InferenceChoice } from '../infer/InferenceChoice.js';
import { openRunner } from '../infer/openRunner.js';
import type { IRModel } from '../ir/ir.js';
import type { LayersModel } from '../runtime/tf.js';
import type { CliIO } from './CliIO.js';
import { EXIT } from './exitCodes.js';
import { printError } from './printError.js';
import { usageError } from './usageError.js';

/** An open runner with Ctrl-C wired to stop it; `close` unwires it and disposes the runner. */
export interface CommandRunner {
  runner: BatchRunner;
  /** Aborted by Ctrl-C. */
  interrupted: AbortSignal;
  close(): Promise<void>;
}

/**
 * What `predict` and `bench` share: opens the runner `choice` asks for on `model` (which it then
 * owns), says on stderr which backend runs, and stops it on Ctrl-C. A runner that cannot open is
 * the exit status: a usage error when the engine cannot run here at all (ONNX Runtime missing,
 * no CUDA), else a failure.
 */
export async function openCommandRunner(
  command: string,
  ir: IRModel,
  model: LayersModel,
  choice: InferenceChoice,
  options: { optimize: boolean; backend: { name: string; description: string } },
  io: Required<CliIO>,
): Promise<CommandRunner | number> {
  const opened = await openRunner(ir, model, choice, { ...options, onOutput: (text) => io.stderr.write(text) });
  if (!opened.ok) {
    if (opened.unusable) return usageError(io.stderr, command, opened.message, opened.hint);
    printError(io.stderr, opened);
    return EXIT.failed;
  }
  const runner = opened.runner;
  io.stderr.write(`backend: ${runner.description}\n`);
  const interrupt = new AbortController();
  const unsubscribe = io.interrupts(() => {
    interrupt.abort();
    void runner.dispose();
  });
  return {
    runner,
    interrupted: interrupt.signal,
    close: async () => {
      unsubscribe();
      await runner.dispose();
    },
  };
}
