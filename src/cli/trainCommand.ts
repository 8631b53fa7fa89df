import { BACKEND_CHOICES } from '../runtime/backendChoices.js';
import type { Command } from './Command.js';
import { parseBackend } from './parseBackend.js';
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
  positionals: { name: 'SPEC', min: 1, max: 1 },
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
    epochs: { type: 'string', value: 'N', description: "epochs to train (default the recipe's, else 10)" },
    batch: { type: 'string', value: 'N', description: "images per step (default the recipe's, else 32)" },
    lr: { type: 'string', value: 'X', description: "the optimizer's base learning rate (default the recipe's)" },
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
    '--data, --classes defaults to the number of class folders.',
  async run(context) {
    const { io, values } = context;
    const usage = (message: string, hint?: string) => usageError(io.stderr, 'train', message, hint);
    const out = values['out'];
    if (typeof out !== 'string' || out === '') return usage('missing --out DIR', 'name the directory for checkpoints');
    const data = values['data'];
    const synthetic = int(values['synthetic'], 2);
    if ((typeof data === 'string') === (synthetic !== undefined)) {
      return usage(
        'give one of --data DIR or --synthetic N',
        'a folder with one sub-folder of images per class, or --synthetic 64',
      );
    }
    if (Number.isNaN(synthetic))
      return usage(`--synthetic expects a whole number of 2 or more, found '${String(values['synthetic'])}'`);
    const valSplitText = values['val-split'];
    const valSplit = valSplitText === undefined ? undefined : Number(valSplitText);
    if (valSplit !== undefined && !(valSplit > 0 && valSplit < 1))
      return usage(`--val-split expects a fraction between 0 and 1, found '${String(valSplitText)}'`);
    if (valSplit !== undefined && values['val'] !== undefined)
      return usage('give --val DIR or --val-split F, not both');
    const numbers = { epochs: int(values['epochs'], 1), batch: int(values['batch'], 1), seed: int(values['seed'], 0) };
    for (const [flag, n] of Object.entries(numbers)) {
      if (Number.isNaN(n))
        return usage(
          `--${flag} expects a whole number${flag === 'seed' ? '' : ' of 1 or more'}, found '${String(values[flag])}'`,
        );
    }
    const lr = values['lr'] === undefined ? undefined : Number(values['lr']);
    if (lr !== undefined && !(lr > 0 && Number.isFinite(lr)))
      return usage(`--lr expects a number above 0, found '${String(values['lr'])}'`);
    const backend = parseBackend(values['backend']);
    if (!backend.ok) return usage(backend.message, backend.hint);
    // TensorFlow.js loads only past this point, so `incep train --help` and usage errors stay fast.
    const { runTraining } = await import('./runTraining.js');
    return runTraining(context, {
      spec: context.positionals[0]!,
      out,
      ...(typeof data === 'string' ? { data } : {}),
      ...(synthetic !== undefined ? { synthetic } : {}),
      ...(typeof values['val'] === 'string' ? { val: values['val'] } : {}),
      ...(valSplit !== undefined ? { valSplit } : {}),
      ...(numbers.epochs !== undefined ? { epochs: numbers.epochs } : {}),
      ...(numbers.batch !== undefined ? { batch: numbers.batch } : {}),
      seed: numbers.seed ?? 0,
      ...(lr !== undefined ? { lr } : {}),
      ...(typeof values['freeze'] === 'string' ? { freeze: values['freeze'] } : {}),
      resume: values['resume'] === true,
      json: values['json'] === true,
      backend: backend.backend,
    });
  },
};
