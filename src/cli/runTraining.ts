import { appendFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { specHash } from '../backends/typescript/specHash.js';
import { buildModel } from '../backends/tfjs/buildModel.js';
import type { ImageFolder } from '../data/ImageFolder.js';
import { imageBatches } from '../data/imageBatches.js';
import { scanImageFolder } from '../data/scanImageFolder.js';
import { splitFolder } from '../data/splitFolder.js';
import { syntheticImages } from '../data/syntheticImages.js';
import type { IRModel, IRTrain } from '../ir/ir.js';
import type { BackendChoice } from '../runtime/backendChoices.js';
import type { RunConfig } from '../runConfig/RunConfig.js';
import { selectBackend } from '../runtime/selectBackend.js';
import {
  CHECKPOINT_MARKER,
  readCheckpoint,
  restoreWeights,
  writeCheckpoint,
  type Checkpoint,
} from '../train/checkpoint.js';
import { seedWeights } from '../train/seedWeights.js';
import { train, TrainingDiverged, type EpochLog } from '../train/trainModel.js';
import { loadPretrained } from '../weights/loadPretrained.js';
import type { CommandContext } from './Command.js';
import { compileSpec } from './compileSpec.js';
import { EXIT } from './exitCodes.js';
import { printError } from './printError.js';
import { requireModel } from './requireModel.js';
import { TrainingProgress } from './TrainingProgress.js';
import { WEIGHTS_HINT } from './readWeightsSettings.js';
import { makeDirectories } from '../files/makeDirectories.js';

/** The train command's settings, checked. */
export interface TrainRun {
  spec: string;
  out: string;
  data?: string;
  synthetic?: number;
  val?: string;
  valSplit?: number;
  epochs?: number;
  batch?: number;
  freeze?: string;
  /** Pretrained weights to start from: an incep checkpoint or a converted Keras model. */
  weights?: string;
  /** The merged run file and flags: the recipe settings it holds override the spec's. */
  config: RunConfig;
  seed: number;
  resume: boolean;
  json: boolean;
  backend: BackendChoice;
}

/** Classes a synthetic set has unless `--classes` says otherwise: small enough to learn fast. */
const SYNTHETIC_CLASSES = 4;

/** The exit status of a run stopped by Ctrl-C (128 + SIGINT), after its checkpoint is written. */
const INTERRUPTED = 130;

/** How a checkpoint's images are prepared: `predict` and `eval` read it back from training.json. */
export interface CheckpointPreprocessing {
  /** Pixels scaled from [0, 255] to [−1, 1] (Keras's `preprocess_input`, mode 'tf'). */
  scale: 'tf';
  /** Evaluation keeps this central part of the image before resizing (half-pixel bilinear). */
  centralFraction: number;
}

/** Runs `incep train` once its command line is checked; resolves to the exit status. */
export async function runTraining(context: CommandContext, run: TrainRun): Promise<number> {
  const { io } = context;
  const fail = (message: string, hint?: string) => {
    printError(io.stderr, { message, ...(hint ? { hint } : {}) });
    return EXIT.failed;
  };
  const out = resolve(io.cwd, run.out);
  const existing = await runDirState(out);
  if (existing === 'foreign')
    return fail(`--out '${run.out}' holds files that are not an incep run`, 'choose an empty or new directory');
  if (existing === 'run' && !run.resume)
    return fail(`--out '${run.out}' holds an incep run`, 'pass --resume to continue it, or choose another --out');
  if (existing !== 'run' && run.resume)
    return fail(`--out '${run.out}' holds no run to resume`, 'drop --resume to start one');
  if (run.resume && run.weights !== undefined)
    return fail('--weights starts a run from other weights; --resume continues this one', 'give one of the two');
  if (run.weights !== undefined && !(await isDirectory(resolve(io.cwd, run.weights))))
    return fail(`no weights directory at '${run.weights}'`, WEIGHTS_HINT);

  // The data first: with --data, the class folders say how many classes the model has.
  let trainSet: ImageFolder;
  let valSet: ImageFolder | undefined;
  if (run.data !== undefined) {
    const scanned = await scanImageFolder(resolve(io.cwd, run.data));
    if (!scanned.ok) return fail(scanned.message, scanned.hint);
    trainSet = scanned.folder;
    if (run.val !== undefined) {
      const val = await scanImageFolder(resolve(io.cwd, run.val));
      if (!val.ok) return fail(val.message, val.hint);
      if (val.folder.classes.join('\n') !== trainSet.classes.join('\n'))
        return fail(`--val '${run.val}' has other classes than --data '${run.data}'`);
      valSet = val.folder;
    }
  }
  const classes = context.overrides.classes ?? (run.data !== undefined ? trainSet!.classes.length : SYNTHETIC_CLASSES);
  const compiled = compileSpec(run.spec, { ...context, overrides: { ...context.overrides, classes } });
  const ir = requireModel(run.spec, compiled, context);
  if (!ir) return EXIT.failed;
  const [height, width] = ir.input;
  if (ir.input[2] !== 3)
    return fail(`train reads RGB images, but '${run.spec}' takes ${ir.input[2]} channels`, 'use --input HxWx3');
  if (run.synthetic !== undefined)
    trainSet = syntheticImages({ count: run.synthetic, classes, height, width, seed: run.seed });
  if (run.valSplit !== undefined || (run.synthetic !== undefined && !valSet)) {
    const split = splitFolder(trainSet!, run.valSplit ?? 0.2, run.seed);
    if (!split.ok) return fail(split.message, split.hint);
    trainSet = split.train;
    valSet = split.validation;
    // Too few images to hold any out: train without validation rather than report 0% on nothing.
    if (valSet.files.length === 0) {
      valSet = undefined;
      io.stderr.write(
        `${trainSet.files.length} images are too few to hold out a validation set; training without one\n`,
      );
    }
  }

  const recipe = recipeOf(ir, run);
  if (typeof recipe === 'string')
    return fail(recipe, 'name a block instance, an `as` name or a layer (see incep summary)');
  const selected = await selectBackend(run.backend);
  if (!selected.ok) {
    printError(io.stderr, { message: selected.message, ...(selected.hint ? { hint: selected.hint } : {}) });
    return EXIT.usage;
  }
  io.stderr.write(`backend: ${selected.backend} — ${selected.description}\n`);

  const hash = specHash(compiled.sources);
  const model = buildModel(ir, { aux: ir.outputs.aux.length > 0 });
  if (run.weights !== undefined) {
    // Seeded first, so the layers the weights do not cover (a new head) start the same every run.
    seedWeights(model, run.seed);
    const loaded = await loadPretrained(model, resolve(io.cwd, run.weights), { ir, classes });
    if (!loaded.ok) return fail(loaded.message, loaded.hint);
    io.stderr.write(
      `weights: ${loaded.layers} layers from '${run.weights}' (${loaded.source === 'checkpoint' ? 'incep checkpoint' : 'Keras'})\n`,
    );
    for (const r of loaded.reinitialized)
      io.stderr.write(`  '${r.layer}' starts afresh: the weights classify ${r.classes} classes, this run ${classes}\n`);
    if (loaded.fresh.length > 0)
      io.stderr.write(
        `  ${loaded.fresh.length} layers the weights have nothing for start afresh: ${brief(loaded.fresh)}\n`,
      );
  }
  let resumed: Checkpoint | undefined;
  if (run.resume) {
    const read = await readCheckpoint(join(out, 'checkpoint'));
    if (!read.ok) return fail(read.message);
    resumed = read.checkpoint;
    if (resumed.info.specSha256 !== hash)
      return fail(
        `the run in '${run.out}' was trained from another version of its spec`,
        'resume with the spec it started from, or start a new run',
      );
    const restored = restoreWeights(model, resumed);
    if (!restored.ok)
      return fail(`cannot resume: ${restored.message}`, 'resume with the same --classes, --input and --width');
  }

  const batch = run.batch ?? recipe.batchSize ?? 32;
  const trainBatches = imageBatches(trainSet!, { batch, height, width, train: true, seed: run.seed, preprocess: 'tf' });
  const valBatches = valSet
    ? imageBatches(valSet, { batch, height, width, train: false, seed: run.seed, preprocess: 'tf' })
    : undefined;
  trainBatches.epoch = resumed?.epoch ?? 0;
  trainBatches.position = resumed?.partial?.position ?? 0;
  const epochs = run.epochs ?? recipe.epochs ?? 10;
  const labels = run.data !== undefined ? trainSet!.classes : Array.from({ length: classes }, (_, i) => `class ${i}`);
  const preprocessing: CheckpointPreprocessing = { scale: 'tf', centralFraction: 0.875 };
  const info = {
    spec: run.spec,
    specSha256: hash,
    labels,
    seed: run.seed,
    // What predict and eval need to build the same model and feed it the same way.
    settings: {
      input: ir.input,
      classes,
      ...(context.overrides.width !== undefined ? { width: context.overrides.width } : {}),
      preprocessing,
    },
  };
  await makeDirectories(out);
  io.stderr.write(
    `training ${ir.name} on ${trainSet!.files.length} images (${classes} classes)${valSet ? `, validating on ${valSet.files.length}` : ''}, ${plural(epochs, 'epoch')} of ${plural(trainBatches.steps, 'step')}\n`,
  );
  let best = Math.max(-1, ...(resumed?.history.map((h) => h.valAccuracy ?? -1) ?? []));
  let skipped = trainBatches.skipped;
  const progress = new TrainingProgress(io.stderr, {
    epochs,
    steps: trainBatches.steps,
    images: trainSet!.files.length,
  });
  const stop = new AbortController();
  const unsubscribe = io.interrupts(() => {
    if (stop.signal.aborted) {
      // A second Ctrl-C: the user does not want to wait for the step to end.
      io.stderr.write('\nstopped without a checkpoint of this step\n');
      process.exit(INTERRUPTED);
    }
    progress.message('stopping after this step to write a checkpoint (Ctrl-C again to quit at once)');
    stop.abort();
  });
  try {
    const result = await train(ir, trainBatches, {
      model,
      recipe,
      epochs,
      signal: stop.signal,
      onStep: (s) => progress.step(s),
      onStop: (state) => writeCheckpoint(join(out, 'checkpoint'), state, info),
      ...(valBatches ? { validation: valBatches } : {}),
      ...(resumed
        ? {
            resume: {
              optimizer: resumed.optimizer,
              history: resumed.history,
              ...(resumed.partial ? { partial: resumed.partial } : {}),
            },
          }
        : run.weights === undefined
          ? { seed: run.seed }
          : {}),
      onEpochEnd: async (log, state) => {
        await writeCheckpoint(join(out, 'checkpoint'), state, info);
        if (log.valAccuracy !== undefined && log.valAccuracy > best) {
          best = log.valAccuracy;
          await writeCheckpoint(join(out, 'best'), state, info);
        }
        await appendFile(join(out, 'metrics.jsonl'), `${JSON.stringify(log)}\n`);
        progress.epochEnd(epochLine(log, epochs, trainSet!.files.length));
        if (trainBatches.skipped > skipped) {
          const first = trainBatches.skippedFiles[skipped]!;
          progress.message(
            `${trainBatches.skipped - skipped} file${trainBatches.skipped - skipped === 1 ? '' : 's'} skipped (${first.path}: ${first.message})`,
          );
          skipped = trainBatches.skipped;
        }
      },
    });
    progress.finish();
    if (result.stopped)
      io.stderr.write(
        `stopped in epoch ${result.stopped.epoch}, after step ${result.stopped.steps}: checkpoint written; continue with --resume\n`,
      );
    if (run.json)
      io.stdout.write(
        `${JSON.stringify({ epochs: result.history, checkpoint: join(out, 'checkpoint'), ...(result.stopped ? { stopped: result.stopped } : {}) })}\n`,
      );
    result.model.dispose();
    return result.stopped ? INTERRUPTED : EXIT.ok;
  } catch (e) {
    progress.finish();
    if (e instanceof TrainingDiverged)
      return fail(e.message, 'the last good epoch is in the checkpoint; resume it with a lower --lr');
    throw e;
  } finally {
    unsubscribe();
  }
}

/** The first few names of a list, and how many more. */
function brief(names: readonly string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/** The spec's recipe with the run's changes (run file and flags); a string says what is wrong. */
function recipeOf(ir: IRModel, run: TrainRun): IRTrain | string {
  const span = { file: run.spec, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
  const c = run.config;
  const recipe: IRTrain = { ...(ir.train ?? { span }) };
  if (c.optimizer || c.lr !== undefined) {
    const { name, nesterov, centered, ...numbers } = c.optimizer ?? {};
    // Another optimizer starts from its own defaults; the same one keeps the spec's options.
    const same = name === undefined || name === recipe.optimizer?.name;
    const flags = {
      ...(same ? recipe.optimizer?.flags : {}),
      ...(nesterov !== undefined ? { nesterov } : {}),
      ...(centered !== undefined ? { centered } : {}),
    };
    recipe.optimizer = {
      name: name ?? recipe.optimizer?.name ?? 'sgd',
      options: {
        ...(same ? recipe.optimizer?.options : {}),
        ...numbers,
        ...(c.lr !== undefined ? { lr: c.lr } : {}),
      },
      ...(Object.keys(flags).length > 0 ? { flags } : {}),
    };
  }
  if (c.schedule) {
    const { name, staircase, every_epochs, ...numbers } = c.schedule;
    recipe.schedule = {
      name: name ?? recipe.schedule?.name ?? 'constant',
      options: numbers,
      ...(staircase !== undefined ? { staircase } : {}),
      ...(every_epochs !== undefined ? { every: { value: every_epochs, unit: 'epochs' as const } } : {}),
    };
  }
  if (c.label_smoothing !== undefined) recipe.labelSmoothing = c.label_smoothing;
  if (c.clipnorm !== undefined) recipe.clipnorm = c.clipnorm;
  if (c.weight_decay !== undefined) recipe.weightDecay = c.weight_decay;
  if (c.warmup_epochs !== undefined) recipe.warmup = { value: c.warmup_epochs, unit: 'epochs' };
  if (run.freeze !== undefined) {
    // An instance's output is the last layer inside it; any layer can be named too.
    const layer =
      [...ir.layers].reverse().find((l) => l.scope.instance === run.freeze)?.name ??
      ir.layers.find((l) => l.name === run.freeze)?.name;
    if (!layer) return `--freeze '${run.freeze}' names no instance or layer of ${ir.name}`;
    recipe.freeze = { name: run.freeze, span, layer };
  }
  return recipe;
}

/** `epoch 3/10  loss 1.2345  acc 45.6%  val_loss …  val_acc …  lr 0.045  12.3 s  (41 img/s)` */
function epochLine(log: EpochLog, epochs: number, images: number): string {
  const parts = [
    `epoch ${log.epoch}/${epochs}`,
    `loss ${log.loss.toFixed(4)}`,
    `acc ${(100 * log.accuracy).toFixed(1)}%`,
  ];
  if (log.valLoss !== undefined)
    parts.push(`val_loss ${log.valLoss.toFixed(4)}`, `val_acc ${(100 * log.valAccuracy!).toFixed(1)}%`);
  parts.push(`lr ${log.lr.toPrecision(3)}`, `${log.seconds.toFixed(1)} s`, `(${rate(images / log.seconds)} img/s)`);
  return parts.join('  ');
}

/** `1 epoch`, `3 epochs`. */
function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Whether `path` is a directory (false when it is missing or unreadable). */
function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Images per second with the digits that mean something: `41`, `2.7`, `0.29`. */
function rate(perSecond: number): string {
  return perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toPrecision(2);
}

/** Whether `--out` is new or empty, holds an incep run, or holds something else. */
async function runDirState(dir: string): Promise<'empty' | 'run' | 'foreign'> {
  const entries = await readdir(dir).catch(() => undefined);
  if (!entries || entries.length === 0) return 'empty';
  const marked = await stat(join(dir, 'checkpoint', CHECKPOINT_MARKER)).then(
    () => true,
    () => false,
  );
  return marked ? 'run' : 'foreign';
}
