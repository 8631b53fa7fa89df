import { BACKEND_CHOICES } from '../runtime/backendChoices.js';
import type { RunConfig } from '../runConfig/RunConfig.js';
import type { Command } from './Command.js';
import { usageError } from './usageError.js';

/** A whole number at least `min`, or undefined when the flag is absent; NaN when it is malformed. */
function int(value: string | boolean | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' && /^\d+$/.test(value) && Number(value) >= min ? Number(value) : NaN;
}

/** `incep train SPEC --out DIR (--data DIR | --synthetic N)`: train with the spec's recipe. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a spec on a folder of images with its recipe, writing checkpoints',
  synopsis: 'SPEC --out DIR (--data DIR [--val DIR | --val-split F] | --synthetic N) [options]',
  positionals: { name: 'SPEC', min: 0, max: 1 },
  options: {
    data: { type: 'string', value: 'DIR', description: 'training images: one sub-folder per class (JPEG, PNG)' },
    val: { type: 'string', value: 'DIR', description: 'validation images, laid out as --data' },
    'val-split': {
      type: 'string',
      value: 'F',
      description: 'hold out this fraction of --data for validation (0 < F < 1)',
    },
    synthetic: {
      type: 'string',
      value: 'N',
      description: 'train on N generated images instead (a small learnable set, for demos and tests)',
    },
    out: { type: 'string', value: 'DIR', description: 'where checkpoints and metrics.jsonl go' },
    config: { type: 'string', value: 'RUN.yaml', description: 'read settings from a YAML run file (flags win)' },
    'print-config': { type: 'boolean', description: 'print the merged settings as YAML and stop' },
    epochs: { type: 'string', value: 'N', description: "epochs to train (default the recipe's, else 10)" },
    batch: { type: 'string', value: 'N', description: "images per step (default the recipe's, else 32)" },
    lr: { type: 'string', value: 'X', description: "the optimizer's base learning rate (default the recipe's)" },
    weights: {
      type: 'string',
      value: 'DIR',
      description: 'start from these weights: an incep checkpoint or a converted Keras model',
    },
    freeze: {
      type: 'string',
      value: 'NAME',
      description: 'freeze every layer up to and including this instance or layer',
    },
    seed: { type: 'string', value: 'N', description: 'seeds the weights, the order and the augmentation (default 0)' },
    resume: { type: 'boolean', description: 'continue the run in --out from its last checkpoint' },
    json: { type: 'boolean', description: 'print the run as JSON as the last line: { epochs: [...], checkpoint }' },
    backend: {
      type: 'string',
      value: 'NAME',
      description: `tfjs backend: ${BACKEND_CHOICES.join(', ')} (default auto)`,
    },
  },
  details:
    'After every epoch the run is written atomically to DIR/checkpoint (the inference model as a\n' +
    'tfjs Layers directory, labels.json, and the state --resume continues from), the best epoch by\n' +
    'validation accuracy to DIR/best, and one line to DIR/metrics.jsonl. Training augments as the\n' +
    'Inception papers (random-resized crop, flips); validation reads the central 87.5%. With\n' +
    '--data, --classes defaults to the number of class folders. --weights fine-tunes: a head\n' +
    'trained for another number of classes starts afresh, and --freeze keeps the layers up to\n' +
    'an instance fixed (their BatchNorm in inference mode). Ctrl-C stops after the current step\n' +
    'and writes a checkpoint --resume continues from. Every option can live in a run file\n' +
    '(--config); --print-config shows what the run would use.',
  async run(context) {
    const { io, values } = context;
    const usage = (message: string, hint?: string) => usageError(io.stderr, 'train', message, hint);
    // The command line as run-file settings, checked for form here; ranges are the schema's.
    const flags: RunConfig = {};
    const data: RunConfig['data'] = {};
    if (typeof values['data'] === 'string') data.train = values['data'];
    if (typeof values['val'] === 'string') data.val = values['val'];
    if (values['val-split'] !== undefined) {
      const f = Number(values['val-split']);
      if (!(f > 0 && f < 1))
        return usage(`--val-split expects a fraction between 0 and 1, found '${String(values['val-split'])}'`);
      data.val_split = f;
    }
    const synthetic = int(values['synthetic'], 2);
    if (Number.isNaN(synthetic))
      return usage(`--synthetic expects a whole number of 2 or more, found '${String(values['synthetic'])}'`);
    if (synthetic !== undefined) data.synthetic = synthetic;
    if (Object.keys(data).length > 0) flags.data = data;
    for (const [flag, min] of [
      ['epochs', 1],
      ['batch', 1],
      ['seed', 0],
    ] as const) {
      const n = int(values[flag], min);
      if (Number.isNaN(n))
        return usage(`--${flag} expects a whole number${min ? ' of 1 or more' : ''}, found '${String(values[flag])}'`);
      if (n !== undefined) flags[flag] = n;
    }
    if (values['lr'] !== undefined) {
      const lr = Number(values['lr']);
      if (!(lr > 0 && Number.isFinite(lr)))
        return usage(`--lr expects a number above 0, found '${String(values['lr'])}'`);
      flags.lr = lr;
    }
    if (typeof values['out'] === 'string') flags.out = values['out'];
    if (typeof values['freeze'] === 'string') flags.freeze = values['freeze'];
    if (typeof values['weights'] === 'string') flags.weights = values['weights'];
    if (typeof values['backend'] === 'string') flags.backend = values['backend'] as RunConfig['backend'] & string;
    if (values['resume'] === true) flags.resume = true;
    if (context.positionals[0] !== undefined) flags.spec = context.positionals[0];
    // TensorFlow.js loads only in runTraining, so `--help`, usage errors and --print-config stay fast.
    const { settleRun } = await import('./settleRun.js');
    const settled = await settleRun(
      context,
      flags,
      typeof values['config'] === 'string' ? values['config'] : undefined,
    );
    if (typeof settled === 'number') return settled;
    if (values['print-config'] === true) {
      io.stdout.write(settled.yaml);
      return 0;
    }
    const { runTraining } = await import('./runTraining.js');
    return runTraining(settled.context, { ...settled.run, json: values['json'] === true });
  },
};
