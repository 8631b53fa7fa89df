import { resolve } from 'node:path';
import { loadRunConfig } from '../runConfig/loadRunConfig.js';
import { formatRunConfig } from '../runConfig/formatRunConfig.js';
import { mergeRunConfig } from '../runConfig/mergeRunConfig.js';
import type { RunConfig } from '../runConfig/RunConfig.js';
import type { CommandContext } from './Command.js';
import { EXIT } from './exitCodes.js';
import { parseBackend } from './parseBackend.js';
import { parseOverrides } from './parseOverrides.js';
import { printDiagnostics } from './printDiagnostics.js';
import type { TrainRun } from './runTraining.js';
import { usageError } from './usageError.js';
import { useColor } from './useColor.js';

/**
 * The run a `train` command line asks for: its run file (when `--config` names one) with the
 * flags over it, checked for what a run needs. Resolves to the run and the context it compiles
 * with (`--classes`, `--input`, `--width` from the flags, else the file), or to an exit status
 * once the problem is printed.
 */
export async function settleRun(
  context: CommandContext,
  flags: RunConfig,
  configPath: string | undefined,
): Promise<{ run: Omit<TrainRun, 'json'>; context: CommandContext; yaml: string } | number> {
  const { io } = context;
  const usage = (message: string, hint?: string) => usageError(io.stderr, 'train', message, hint);
  let file: RunConfig = {};
  if (configPath !== undefined) {
    const loaded = await loadRunConfig(resolve(io.cwd, configPath), configPath);
    printDiagnostics(io.stderr, loaded.diagnostics, loaded.sources, useColor(io.stderr, io.env));
    if (!loaded.ok) return EXIT.failed;
    file = loaded.config;
  }
  const c = mergeRunConfig(file, flags);
  // `--classes`, `--input` and `--width` were checked by the CLI; the file's go through the same check.
  const fromFile = parseOverrides({
    ...(c.classes !== undefined ? { classes: String(c.classes) } : {}),
    ...(c.input !== undefined ? { input: c.input } : {}),
    ...(c.width !== undefined ? { width: String(c.width) } : {}),
  });
  if (!fromFile.ok) return usage(fromFile.message, fromFile.hint);
  const settledContext = { ...context, overrides: { ...fromFile.overrides, ...context.overrides } };
  const yaml = formatRunConfig({
    ...c,
    ...(settledContext.overrides.classes !== undefined ? { classes: settledContext.overrides.classes } : {}),
    ...(settledContext.overrides.input ? { input: settledContext.overrides.input.join('x') } : {}),
    ...(settledContext.overrides.width !== undefined ? { width: settledContext.overrides.width } : {}),
  });
  if (c.spec === undefined)
    return usage('missing SPEC', 'name the .incep file to train, on the command line or as `spec:` in the run file');
  if (c.out === undefined)
    return usage('missing --out DIR', 'name the directory for checkpoints (or `out:` in the run file)');
  const d = c.data ?? {};
  if ((d.train !== undefined) === (d.synthetic !== undefined)) {
    return usage(
      'give one of --data DIR or --synthetic N',
      'a folder with one sub-folder of images per class, or --synthetic 64',
    );
  }
  if (d.val !== undefined && d.val_split !== undefined) return usage('give --val DIR or --val-split F, not both');
  const backend = parseBackend(c.backend);
  if (!backend.ok) return usage(backend.message, backend.hint);
  const run: Omit<TrainRun, 'json'> = {
    spec: c.spec,
    out: c.out,
    ...(d.train !== undefined ? { data: d.train } : {}),
    ...(d.synthetic !== undefined ? { synthetic: d.synthetic } : {}),
    ...(d.val !== undefined ? { val: d.val } : {}),
    ...(d.val_split !== undefined ? { valSplit: d.val_split } : {}),
    ...(c.epochs !== undefined ? { epochs: c.epochs } : {}),
    ...(c.batch !== undefined ? { batch: c.batch } : {}),
    ...(c.freeze !== undefined ? { freeze: c.freeze } : {}),
    ...(c.weights !== undefined ? { weights: c.weights } : {}),
    seed: c.seed ?? 0,
    resume: c.resume ?? false,
    backend: backend.backend,
    config: c,
  };
  return { run, context: settledContext, yaml };
}
