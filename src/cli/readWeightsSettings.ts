import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { CommandContext } from './Command.js';
import type { CheckpointPreprocessing } from './runTraining.js';

/** What to pass as `--weights`. */
export const WEIGHTS_HINT =
  'pass a checkpoint directory incep train wrote (runs/NAME/best) or a tensorflowjs_converter directory of a Keras model';

const LABELS_HINT = 'class names as a JSON list (["cat", "dog"]) or one name per line';

/** What a weights directory says about the model it holds, as far as it says. */
export interface WeightsSettings {
  /** Class names by index: `--labels FILE`, else the checkpoint's `labels.json`. */
  labels?: string[];
  /** How the run built its model (a checkpoint's `training.json`). */
  input?: [number, number, number];
  classes?: number;
  width?: number;
  /** How the run fed its images; absent for converted Keras weights (Keras's own convention). */
  preprocessing?: CheckpointPreprocessing;
}

/**
 * Reads what `predict` and `eval` need besides the weights from a checkpoint directory (and a
 * `--labels` file), without loading tensors; then the overrides to compile the spec with, so the
 * model is built as the run built it (flags still win). A directory of converted Keras weights
 * has none of it, which is fine. Resolves to a message when a file is there but unreadable.
 */
export async function readWeightsSettings(
  context: CommandContext,
  weightsDir: string,
  labelsFile: string | undefined,
): Promise<
  { ok: true; settings: WeightsSettings; context: CommandContext } | { ok: false; message: string; hint: string }
> {
  const dir = resolve(context.io.cwd, weightsDir);
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) return { ok: false, message: `no weights directory at '${weightsDir}'`, hint: WEIGHTS_HINT };
  const settings: WeightsSettings = {};
  const json = await readJson(join(dir, 'training.json'));
  if (json instanceof Error)
    return { ok: false, message: `'${weightsDir}/training.json': ${json.message}`, hint: WEIGHTS_HINT };
  const run = (json as { settings?: Partial<WeightsSettings> } | undefined)?.settings;
  if (run) {
    if (isShape(run.input)) settings.input = run.input;
    if (isCount(run.classes)) settings.classes = run.classes;
    if (typeof run.width === 'number' && run.width > 0) settings.width = run.width;
    if (run.preprocessing?.scale === 'tf' && typeof run.preprocessing.centralFraction === 'number')
      settings.preprocessing = run.preprocessing;
  }
  const labels = labelsFile
    ? await readLabels(resolve(context.io.cwd, labelsFile), labelsFile)
    : await readJson(join(dir, 'labels.json'));
  if (labels instanceof Error) return { ok: false, message: labels.message, hint: LABELS_HINT };
  if (labels !== undefined) {
    if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l) => typeof l === 'string'))
      return {
        ok: false,
        message: `'${labelsFile ?? `${weightsDir}/labels.json`}' is not a list of class names`,
        hint: LABELS_HINT,
      };
    settings.labels = labels;
  }
  const classes = context.overrides.classes ?? settings.classes ?? settings.labels?.length;
  const input = context.overrides.input ?? settings.input;
  const width = context.overrides.width ?? settings.width;
  return {
    ok: true,
    settings,
    context: {
      ...context,
      overrides: {
        ...(classes !== undefined ? { classes } : {}),
        ...(input !== undefined ? { input } : {}),
        ...(width !== undefined ? { width } : {}),
      },
    },
  };
}

/** A JSON file's value, undefined when there is no such file, or an Error saying what is wrong. */
async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return new Error(`cannot read it: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    return new Error(`not valid JSON (${(e as Error).message})`);
  }
}

/** `--labels FILE`: a JSON list of names, or one name per line. */
async function readLabels(path: string, shown: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return new Error(`cannot read --labels '${shown}': ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (text.trimStart().startsWith('[')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      return new Error(`--labels '${shown}' is not valid JSON (${(e as Error).message})`);
    }
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function isShape(v: unknown): v is [number, number, number] {
  return Array.isArray(v) && v.length === 3 && v.every((n) => Number.isInteger(n) && (n as number) > 0);
}

function isCount(v: unknown): v is number {
  return Number.isInteger(v) && (v as number) > 0;
}
