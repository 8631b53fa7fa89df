import { resolve } from 'node:path';
import { buildModel } from '../backends/tfjs/buildModel.js';
import type { ImageFolder } from '../data/ImageFolder.js';
import { imageBatches } from '../data/imageBatches.js';
import { scanImageFolder } from '../data/scanImageFolder.js';
import { imagenetClasses } from '../predict/imagenetClasses.js';
import type { BackendChoice } from '../runtime/backendChoices.js';
import { selectBackend } from '../runtime/selectBackend.js';
import { evaluateModel } from '../train/evaluateModel.js';
import type { CommandContext } from './Command.js';
import { compileSpec } from './compileSpec.js';
import { EXIT } from './exitCodes.js';
import { loadEveryWeight } from './loadEveryWeight.js';
import { printError } from './printError.js';
import { readWeightsSettings } from './readWeightsSettings.js';
import { requireModel } from './requireModel.js';

/** The eval command's settings, checked. */
export interface EvalRun {
  spec: string;
  weights: string;
  data: string;
  labels?: string;
  batch: number;
  backend: BackendChoice;
  json: boolean;
}

/** Runs `incep eval` once its command line is checked; resolves to the exit status. */
export async function runEvaluation(context: CommandContext, run: EvalRun): Promise<number> {
  const { io } = context;
  const fail = (message: string, hint?: string) => {
    printError(io.stderr, { message, ...(hint ? { hint } : {}) });
    return EXIT.failed;
  };
  const read = await readWeightsSettings(context, run.weights, run.labels);
  if (!read.ok) return fail(read.message, read.hint);
  const scanned = await scanImageFolder(resolve(io.cwd, run.data));
  if (!scanned.ok) return fail(scanned.message, scanned.hint);

  // Without names from the weights, the folders are the classes, as training numbered them.
  const { settings } = read;
  const overrides = { ...read.context.overrides };
  overrides.classes ??= scanned.folder.classes.length;
  const built = { ...read.context, overrides };
  const ir = requireModel(run.spec, compileSpec(run.spec, built), built);
  if (!ir) return EXIT.failed;
  const names =
    settings.labels ??
    (ir.classes === scanned.folder.classes.length
      ? scanned.folder.classes
      : ir.classes === imagenetClasses.length
        ? undefined
        : scanned.folder.classes);
  if (!names)
    return fail(
      `${scanned.folder.classes.length} class folders for a model of ${ir.classes} classes, and no class names to match them`,
      'give the class names with --labels FILE (one per line, in the order the model was trained)',
    );
  if (names.length !== ir.classes)
    return fail(
      `${names.length} class names for a model of ${ir.classes} classes`,
      'give as many names as the model has classes',
    );
  const folder = matchClasses(scanned.folder, names);
  if (typeof folder === 'string')
    return fail(folder, `the model's classes are ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`);
  if (ir.input[2] !== 3)
    return fail(`eval reads RGB images, but '${run.spec}' takes ${ir.input[2]} channels`, 'use --input HxWx3');

  const selected = await selectBackend(run.backend);
  if (!selected.ok) {
    printError(io.stderr, { message: selected.message, ...(selected.hint ? { hint: selected.hint } : {}) });
    return EXIT.usage;
  }
  io.stderr.write(`backend: ${selected.backend} — ${selected.description}\n`);
  const model = buildModel(ir);
  try {
    const problem = await loadEveryWeight(model, run.weights, io.cwd, ir);
    if (problem) return fail(problem.message, problem.hint ?? '');
    const [height, width] = ir.input;
    const batches = imageBatches(folder, { batch: run.batch, height, width, train: false, seed: 0, preprocess: 'tf' });
    const result = await evaluateModel(model, batches);
    const rows = folder.classes
      .map((label, index) => ({
        label,
        images: result.perClass[index]?.total ?? 0,
        correct: result.perClass[index]?.correct ?? 0,
      }))
      .filter((r) => r.images > 0);
    const skipped = batches.skippedFiles;
    if (skipped.length > 0)
      io.stderr.write(
        `${skipped.length} file${skipped.length === 1 ? '' : 's'} skipped (${skipped[0]!.path}: ${skipped[0]!.message})\n`,
      );
    if (result.samples === 0) return fail(`no image in '${run.data}' could be read`, 'eval reads JPEG and PNG files');
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    const labelWidth = Math.max(5, ...rows.map((r) => r.label.length));
    const out = [
      `${ir.name} on ${result.samples} images of ${rows.length} classes`,
      `loss   ${result.loss.toFixed(4)}`,
      `top-1  ${pct(result.top1)}`,
      `top-5  ${pct(result.top5)}`,
      '',
      `${'class'.padEnd(labelWidth)}  ${'images'.padStart(6)}  ${'top-1'.padStart(6)}`,
      ...rows.map(
        (r) =>
          `${r.label.padEnd(labelWidth)}  ${String(r.images).padStart(6)}  ${pct(r.correct / r.images).padStart(6)}`,
      ),
    ];
    io.stdout.write(`${out.join('\n')}\n`);
    if (run.json) {
      const json = {
        model: ir.name,
        backend: selected.backend,
        images: result.samples,
        skipped: skipped.length,
        loss: result.loss,
        top1: result.top1,
        top5: result.top5,
        classes: rows.map((r) => ({ label: r.label, images: r.images, top1: r.correct / r.images })),
      };
      io.stdout.write(`${JSON.stringify(json)}\n`);
    }
    return EXIT.ok;
  } finally {
    model.dispose();
  }
}

/** The folder with its files labelled by the model's class indices (matched by name), or what does not match. */
function matchClasses(folder: ImageFolder, names: readonly string[]): ImageFolder | string {
  const index = new Map(names.map((n, i) => [n, i]));
  const unknown = folder.classes.find((c) => !index.has(c));
  if (unknown !== undefined) return `class folder '${unknown}' is not one of the model's classes`;
  return {
    ...folder,
    classes: [...names],
    files: folder.files.map((f) => ({ ...f, label: index.get(folder.classes[f.label]!)! })),
  };
}
