import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { saveModelDir } from '../runtime/saveModelDir.js';
import { tf, type LayersModel } from '../runtime/tf.js';
import type { OptimizerState } from './optimizers/Optimizer.js';
import type { EpochLog, PartialEpoch, RunState } from './trainModel.js';
import { makeDirectories } from '../files/makeDirectories.js';
import { readRegularFile } from '../files/readRegularFile.js';
import { removeLeftovers, siblingPath } from '../files/siblingPath.js';

/** What a checkpoint records besides tensors: enough to resume the run and to check it is the same. */
export interface CheckpointInfo {
  /** The spec and a hash of its sources: resuming another spec is refused. */
  spec: string;
  specSha256: string;
  /** Class names by index (an image folder's sub-folders), written to `labels.json` too. */
  labels?: string[];
  seed?: number;
  /** Any settings of the run the caller wants back on resume. */
  settings?: Record<string, unknown>;
}

/** `training.json`: the info, the history and the layout of `state.bin`. */
interface TrainingJson extends CheckpointInfo {
  format: 'incep-checkpoint-1';
  epoch: number;
  history: EpochLog[];
  /** A run stopped mid-epoch (Ctrl-C): where in epoch `epoch + 1` it stopped. */
  partial?: PartialEpoch;
  weights: Array<{ name: string; shape: number[] }>;
  optimizer: { iterations: number; slots: Array<{ index: number; slot: string; shape: number[] }> };
}

/** A checkpoint read back. */
export interface Checkpoint {
  info: CheckpointInfo;
  epoch: number;
  history: EpochLog[];
  /** Set when the run stopped mid-epoch: that epoch's sums and the data position to go on from. */
  partial?: PartialEpoch;
  optimizer: OptimizerState;
  /** Every weight of the training model, in `model.weights` order. */
  weights: Array<{ name: string; shape: number[]; values: Float32Array }>;
}

/** The file that marks a directory as an incep checkpoint. */
export const CHECKPOINT_MARKER = 'training.json';

/**
 * Writes a checkpoint to `dir`, replacing the previous one atomically: everything is written in a
 * hidden sibling, then renamed into place (the old one renamed away first, and deleted last), so
 * a crash mid-write leaves the previous checkpoint whole. It holds:
 * - `model.json` + `weights.bin`: the inference model (no aux heads), loadable by stock
 *   `tf.loadLayersModel` once incep's layers are registered;
 * - `state.bin`: every weight of the training model (aux heads too) and the optimizer's slots;
 * - `training.json`: epoch, history, seed, the spec's hash, the layout of `state.bin`;
 * - `labels.json` when the run has class names.
 */
export async function writeCheckpoint(dir: string, run: RunState, info: CheckpointInfo): Promise<void> {
  const target = resolve(dir);
  await makeDirectories(dirname(target));
  await removeLeftovers(dirname(target), basename(target));
  const tmp = siblingPath(dirname(target), basename(target), 'tmp');
  const model = run.model;
  const inference = model.outputs.length > 1 ? tf.model({ inputs: model.inputs, outputs: model.outputs[0]! }) : model;
  try {
    await saveModelDir(inference, tmp);
    const optimizer = run.optimizer();
    const weights = model.weights.map((w) => ({
      name: w.originalName,
      shape: [...w.shape] as number[],
      values: w.read().dataSync() as Float32Array,
    }));
    const json: TrainingJson = {
      format: 'incep-checkpoint-1',
      ...info,
      epoch: run.history.length,
      history: [...run.history],
      ...(run.partial ? { partial: run.partial } : {}),
      weights: weights.map(({ name, shape }) => ({ name, shape })),
      optimizer: {
        iterations: optimizer.iterations,
        slots: optimizer.slots.map(({ index, slot, shape }) => ({ index, slot, shape })),
      },
    };
    await writeFile(
      join(tmp, 'state.bin'),
      concat([...weights.map((w) => w.values), ...optimizer.slots.map((s) => s.values)]),
    );
    if (info.labels) await writeFile(join(tmp, 'labels.json'), `${JSON.stringify(info.labels, null, 2)}\n`);
    // The marker last: a directory with it is complete.
    await writeFile(join(tmp, CHECKPOINT_MARKER), `${JSON.stringify(json, null, 2)}\n`);
    await replaceDir(tmp, target);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Reads a checkpoint written by `writeCheckpoint`, or says why it cannot. */
export async function readCheckpoint(
  dir: string,
): Promise<{ ok: true; checkpoint: Checkpoint } | { ok: false; message: string }> {
  const unreadable = (why: string) => ({
    ok: false as const,
    message: `'${dir}' holds no readable incep checkpoint (${why})`,
  });
  const text = await readRegularFile(join(dir, CHECKPOINT_MARKER), 256 * 2 ** 20);
  if (!text.ok) return unreadable(text.message);
  let json: TrainingJson;
  try {
    json = JSON.parse(new TextDecoder().decode(text.bytes)) as TrainingJson;
  } catch (e) {
    return unreadable(`${CHECKPOINT_MARKER}: ${(e as Error).message}`);
  }
  // Parsed JSON is checked before it is trusted: its format first, then the layout of state.bin.
  const loose = json as unknown as
    { format?: unknown; weights?: unknown; optimizer?: { slots?: unknown } } | null | undefined;
  if (loose?.format !== 'incep-checkpoint-1')
    return { ok: false, message: `'${dir}' is not an incep checkpoint this version reads` };
  const tensors: unknown[] = [
    ...(Array.isArray(loose.weights) ? (loose.weights as unknown[]) : [null]),
    ...(Array.isArray(loose.optimizer?.slots) ? (loose.optimizer.slots as unknown[]) : [null]),
  ];
  const sizes = tensors.map((t) => {
    const shape = (t as { shape?: unknown } | null)?.shape;
    return Array.isArray(shape) && shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)
      ? (shape as number[]).reduce((a, b) => a * b, 1)
      : undefined;
  });
  if (sizes.includes(undefined)) return unreadable(`${CHECKPOINT_MARKER} has a malformed weight layout`);
  const expected = 4 * sizes.reduce((a: number, b) => a + b!, 0);
  // Bounded by the layout: a state.bin larger than it describes is refused unread.
  const state = await readRegularFile(join(dir, 'state.bin'), expected);
  if (!state.ok && state.reason !== 'too-large') return unreadable(state.message);
  if (!state.ok || state.bytes.byteLength !== expected)
    return { ok: false, message: `'${dir}/state.bin' does not match its layout in ${CHECKPOINT_MARKER}` };
  const bytes = state.bytes;
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let offset = 0;
  const take = (shape: number[]) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = floats.slice(offset, offset + n);
    offset += n;
    return values;
  };
  const weights = json.weights.map((w) => ({ ...w, values: take(w.shape) }));
  const slots = json.optimizer.slots.map((s) => ({ ...s, values: take(s.shape) }));
  const { spec, specSha256, labels, seed, settings } = json;
  return {
    ok: true,
    checkpoint: {
      info: {
        spec,
        specSha256,
        ...(labels ? { labels } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(settings ? { settings } : {}),
      },
      epoch: json.epoch,
      history: json.history,
      ...(json.partial ? { partial: json.partial } : {}),
      optimizer: { iterations: json.optimizer.iterations, slots },
      weights,
    },
  };
}

/** Puts a checkpoint's weights into a model built from the same spec (names and shapes must agree). */
export function restoreWeights(
  model: LayersModel,
  checkpoint: Checkpoint,
): { ok: true } | { ok: false; message: string } {
  const ws = model.weights;
  if (ws.length !== checkpoint.weights.length)
    return { ok: false, message: `the checkpoint has ${checkpoint.weights.length} weights, the model ${ws.length}` };
  for (const [i, w] of ws.entries()) {
    const saved = checkpoint.weights[i]!;
    if (saved.name !== w.originalName || saved.shape.join() !== w.shape.join()) {
      return {
        ok: false,
        message: `weight ${i} is '${saved.name}' [${saved.shape.join(', ')}] in the checkpoint, '${w.originalName}' [${w.shape.join(', ')}] in the model`,
      };
    }
  }
  ws.forEach((w, i) => {
    const t = tf.tensor(checkpoint.weights[i]!.values, checkpoint.weights[i]!.shape);
    w.write(t);
    t.dispose();
  });
  return { ok: true };
}

function concat(parts: Float32Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return new Uint8Array(out.buffer);
}

/** Renames `tmp` to `target`, moving a previous `target` away first and deleting it last. */
async function replaceDir(tmp: string, target: string): Promise<void> {
  await makeDirectories(dirname(target));
  const old = siblingPath(dirname(target), basename(target), 'old');
  const had = await stat(target).then(
    () => true,
    () => false,
  );
  if (had) await rename(target, old);
  try {
    await rename(tmp, target);
  } catch (e) {
    if (had) await rename(old, target);
    throw e;
  }
  if (had) await rm(old, { recursive: true, force: true });
}
