import { buildModel } from '../backends/tfjs/buildModel.js';
import type { IRModel, IRTrain } from '../ir/ir.js';
import { tf, type LayersModel, type Tensor, type Variable } from '../runtime/tf.js';
import type { BatchSource } from './Batch.js';
import { clipByGlobalNorm } from './clipByGlobalNorm.js';
import { evaluateModel, type Evaluation } from './evaluateModel.js';
import { learningRate } from './learningRate.js';
import { decays, makeOptimizer } from './makeOptimizer.js';
import type { OptimizerState } from './optimizers/Optimizer.js';
import { oneHot } from './oneHot.js';
import { seedWeights } from './seedWeights.js';
import { smoothedCrossEntropy } from './smoothedCrossEntropy.js';

/** One epoch of a run, as `history` and the per-epoch callback report it. */
export interface EpochLog {
  epoch: number;
  /** Mean total loss over the epoch's steps (main + weighted aux + weight decay). */
  loss: number;
  /** Top-1 accuracy of the main output on the training batches. */
  accuracy: number;
  /** The learning rate of the epoch's last step. */
  lr: number;
  seconds: number;
  valLoss?: number;
  valAccuracy?: number;
}

/** An epoch a run stopped in (Ctrl-C): its running sums, to finish it after a resume. */
export interface PartialEpoch {
  /** The epoch in progress, 1-based. */
  epoch: number;
  steps: number;
  /** Sum of the steps' losses. */
  lossSum: number;
  /** Top-1 hits and images seen so far in the epoch. */
  correct: number;
  seen: number;
  seconds: number;
  /** The data source's position after the last step (`Batch.position`), when it tells it. */
  position?: number;
}

/** One training step, as `onStep` reports it (for a progress bar). */
export interface StepLog {
  /** 1-based epoch and step within it. */
  epoch: number;
  step: number;
  /** Running mean loss and top-1 accuracy of the epoch so far. */
  loss: number;
  accuracy: number;
  lr: number;
  /** Images seen in the epoch so far. */
  images: number;
}

/** Options of `train`. */
export interface TrainOptions {
  /** The recipe; default the IR's `train` section (or plain SGD). Its `epochs` is the default run length. */
  recipe?: IRTrain;
  epochs?: number;
  /** Steps per epoch, for epoch-based schedules before the first epoch has been counted. */
  stepsPerEpoch?: number;
  /** Loss weights of the model's outputs after the first (aux heads); from the IR when training an IR. */
  auxWeights?: number[];
  /** Data evaluated after every epoch (`valLoss`, `valAccuracy`). */
  validation?: BatchSource;
  /** After every epoch, with the run so far: where a checkpoint is written. */
  onEpochEnd?: (log: EpochLog, run: RunState) => void | Promise<void>;
  /**
   * Continue a run: the optimizer's state, the history of the epochs done and, for a run stopped
   * mid-epoch, that epoch's sums (the model's weights, and a data source positioned after the
   * stopped step, are the caller's).
   */
  resume?: { optimizer: OptimizerState; history: EpochLog[]; partial?: PartialEpoch };
  /** After every step. */
  onStep?: (log: StepLog) => void;
  /**
   * Stops the run after the step in progress when aborted (Ctrl-C): `onStop` gets the run with
   * its partial epoch (to write a checkpoint), and `train` resolves with it as `stopped`.
   */
  signal?: AbortSignal;
  onStop?: (run: RunState) => void | Promise<void>;
  /** The model to train from an IR (default: `buildModel` with the aux heads); e.g. with loaded weights. */
  model?: LayersModel;
  /** Re-draws the kernels from this seed first (`seedWeights`), so a run is repeatable. */
  seed?: number;
}

/** What a checkpoint needs after an epoch. */
export interface RunState {
  /** The training model (aux heads included). */
  model: LayersModel;
  history: readonly EpochLog[];
  /** The optimizer's slots and step count now. */
  optimizer(): OptimizerState;
  /** The epoch the run stopped in, when it stopped mid-epoch. */
  partial?: PartialEpoch;
}

/** The trained model and the run's history. */
export interface TrainResult {
  model: LayersModel;
  history: EpochLog[];
  /** Set when `signal` stopped the run: the epoch it stopped in. */
  stopped?: PartialEpoch;
}

/**
 * Trains a model with the spec's recipe, in a loop of our own (tfjs's `fit` has no schedules,
 * global-norm clipping, label smoothing on probabilities or decoupled weight decay): per step,
 * the gradients of main loss + Σ wᵢ·auxᵢ (+ L2 weight decay, `λ·Σ‖w‖²/2` on kernels, except with
 * AdamW's decoupled decay) through `tf.variableGrads` with the model in training mode (BatchNorm on
 * batch statistics, updating its moving ones; dropout on), clipped by global norm, applied with
 * the step's learning rate. Given an IR, builds the training model (aux heads as outputs) and
 * freezes the layers up to the recipe's `freeze`. No tensor outlives its step.
 */
export async function train(
  target: IRModel | LayersModel,
  data: BatchSource,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const ir = isIr(target) ? target : undefined;
  const model = options.model ?? (ir ? buildModel(ir, { aux: ir.outputs.aux.length > 0 }) : (target as LayersModel));
  const recipe: IRTrain = options.recipe ??
    ir?.train ?? {
      span: { file: '<api>', start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
    };
  const auxWeights = options.auxWeights ?? ir?.outputs.aux.map((a) => a.weight) ?? [];
  const fromLogits = ir ? !mainIsSoftmax(ir) : false;
  if (options.seed !== undefined) seedWeights(model, options.seed);
  if (recipe.freeze?.layer) freezeUpTo(model, recipe.freeze.layer);
  // A LayerVariable holds its tf.Variable; the optimizer updates that in place.
  const vars = model.trainableWeights.map((w) => w.read() as unknown as Variable);
  const { optimizer, lr: baseLr } = makeOptimizer(recipe.optimizer);
  if (options.resume) optimizer.restore(options.resume.optimizer);
  const adamw = recipe.optimizer?.name === 'adamw';
  const decay = adamw ? 0 : (recipe.weightDecay ?? 0);
  const decayed = vars.filter(decays);
  const epochs = options.epochs ?? recipe.epochs ?? 1;
  const history: EpochLog[] = [...(options.resume?.history ?? [])];
  // Epoch-based schedules need the steps of an epoch from the first step on: arrays and incep's
  // batch sources say it (`length`); a resumed run knows it from its history.
  let stepsPerEpoch =
    options.stepsPerEpoch ??
    lengthOf(data) ??
    (options.resume && history.length > 0 ? Math.round(options.resume.optimizer.iterations / history.length) : 0);
  try {
    for (let epoch = history.length; epoch < epochs; epoch++) {
      // A run stopped mid-epoch finishes that epoch from its sums.
      const partial = options.resume?.partial?.epoch === epoch + 1 ? options.resume.partial : undefined;
      const started = performance.now() - 1000 * (partial?.seconds ?? 0);
      let steps = partial?.steps ?? 0;
      let lossSum = partial?.lossSum ?? 0;
      let correct = partial?.correct ?? 0;
      let seen = partial?.seen ?? 0;
      let lr = baseLr;
      for await (const batch of data) {
        const step = optimizer.iterations;
        lr = learningRate(recipe, baseLr, {
          step,
          stepsPerEpoch: stepsPerEpoch || 1,
          totalSteps: (stepsPerEpoch || 1) * epochs,
        });
        const k = model.outputs[0]!.shape[model.outputs[0]!.shape.length - 1]!;
        const labels = oneHot(batch.ys, k);
        let mainOut: Tensor | undefined;
        const { value, grads } = tf.variableGrads(() => {
          const outs = model.apply(batch.xs, { training: true }) as Tensor | Tensor[];
          const list = Array.isArray(outs) ? outs : [outs];
          mainOut = tf.keep(list[0]!);
          let loss = smoothedCrossEntropy(labels, list[0]!, recipe.labelSmoothing ?? 0, fromLogits);
          list.slice(1).forEach((aux, i) => {
            loss = tf.add(
              loss,
              tf.mul(smoothedCrossEntropy(labels, aux, recipe.labelSmoothing ?? 0, fromLogits), auxWeights[i] ?? 1),
            );
          });
          if (decay > 0 && decayed.length > 0)
            loss = tf.add(loss, tf.mul(tf.addN(decayed.map((w) => tf.sum(tf.square(w)))), decay / 2));
          return loss;
        }, vars);
        const loss = (await value.data())[0]!;
        if (!Number.isFinite(loss)) {
          tf.dispose([value, labels, mainOut!, ...Object.values(grads)]);
          throw new TrainingDiverged(epoch + 1, step + 1, loss, lr);
        }
        const list = vars.map((v) => grads[v.name]!);
        const clipped = recipe.clipnorm ? clipByGlobalNorm(list, recipe.clipnorm).grads : list;
        optimizer.apply(vars, clipped, lr);
        correct += tf.tidy(
          () => tf.sum(tf.cast(tf.equal(tf.argMax(mainOut!, -1), tf.argMax(labels, -1)), 'float32')).dataSync()[0]!,
        );
        seen += labels.shape[0];
        lossSum += loss;
        steps++;
        options.onStep?.({
          epoch: epoch + 1,
          step: steps,
          loss: lossSum / steps,
          accuracy: correct / seen,
          lr,
          images: seen,
        });
        const position = batch.position;
        tf.dispose([
          value,
          labels,
          mainOut!,
          batch.xs,
          batch.ys,
          ...Object.values(grads),
          ...(clipped === list ? [] : clipped),
        ]);
        if (options.signal?.aborted) {
          const stopped: PartialEpoch = {
            epoch: epoch + 1,
            steps,
            lossSum,
            correct,
            seen,
            seconds: (performance.now() - started) / 1000,
            ...(position !== undefined ? { position } : {}),
          };
          await options.onStop?.({ model, history, optimizer: () => optimizer.state(), partial: stopped });
          return { model, history, stopped };
        }
      }
      if (!stepsPerEpoch) stepsPerEpoch = steps;
      const log: EpochLog = {
        epoch: epoch + 1,
        loss: lossSum / Math.max(steps, 1),
        accuracy: correct / Math.max(seen, 1),
        lr,
        seconds: (performance.now() - started) / 1000,
      };
      if (options.validation) {
        const v: Evaluation = await evaluateModel(model, options.validation, {
          labelSmoothing: recipe.labelSmoothing ?? 0,
          fromLogits,
        });
        log.valLoss = v.loss;
        log.valAccuracy = v.top1;
      }
      history.push(log);
      await options.onEpochEnd?.(log, { model, history, optimizer: () => optimizer.state() });
    }
  } finally {
    optimizer.dispose();
  }
  return { model, history };
}

/** A loss that stopped being a number: the run stops with the step and what to try. */
export class TrainingDiverged extends Error {
  constructor(
    readonly epoch: number,
    readonly step: number,
    readonly loss: number,
    readonly lr: number,
  ) {
    super(
      `the loss became ${loss} at epoch ${epoch}, step ${step} (learning rate ${lr}): lower the learning rate, or clip gradients (clipnorm)`,
    );
  }
}

/** Batches per epoch when the source says so (an array's `length`, or incep's image batches' `steps`). */
function lengthOf(data: BatchSource): number | undefined {
  const { length, steps } = data as { length?: unknown; steps?: unknown };
  const n = typeof length === 'number' ? length : steps;
  return typeof n === 'number' && n > 0 ? n : undefined;
}

function isIr(t: IRModel | LayersModel): t is IRModel {
  return 'irVersion' in t;
}

/** Whether the main output is a softmax (probabilities) rather than logits. */
function mainIsSoftmax(ir: IRModel): boolean {
  const main = ir.layers.find((l) => l.name === ir.outputs.main);
  return (
    (main?.op === 'dense' && main.attrs.activation === 'softmax') ||
    (main?.op === 'activation' && main.attrs.activation === 'softmax')
  );
}

/** Freezes every layer up to and including `layer`, in the model's (topological) order. */
function freezeUpTo(model: LayersModel, layer: string): void {
  const at = model.layers.findIndex((l) => l.name === layer);
  if (at < 0) throw new Error(`freeze: no layer '${layer}' in the model`);
  for (const l of model.layers.slice(0, at + 1)) l.trainable = false;
}
