import { BACKEND_CHOICES } from '../runtime/backendChoices.js';
import type { Command } from './Command.js';
import { parseBackend } from './parseBackend.js';
import { usageError } from './usageError.js';

/** `incep eval SPEC --weights DIR --data DIR`: loss, top-1, top-5 and per-class accuracy. */
export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate trained weights on a folder of images: loss, top-1, top-5, per class',
  synopsis: 'SPEC --weights DIR --data DIR [options]',
  positionals: { name: 'SPEC', min: 1, max: 1 },
  options: {
    weights: {
      type: 'string',
      value: 'DIR',
      description: 'an incep train checkpoint, or a tensorflowjs_converter directory of a Keras model',
    },
    data: { type: 'string', value: 'DIR', description: 'images to evaluate: one sub-folder per class (JPEG, PNG)' },
    labels: {
      type: 'string',
      value: 'FILE',
      description: "the model's class names: a JSON list or one per line (default the checkpoint's labels.json)",
    },
    batch: { type: 'string', value: 'N', description: 'images per forward pass (default 32)' },
    json: {
      type: 'boolean',
      description: 'print the result as JSON as the last line: { loss, top1, top5, images, classes: [...] }',
    },
    backend: {
      type: 'string',
      value: 'NAME',
      description: `tfjs backend: ${BACKEND_CHOICES.join(', ')} (default auto)`,
    },
  },
  details:
    "Each image's central 87.5% is resized to the model input and scaled to [-1, 1], as\n" +
    "incep train validates. Class folders are matched to the model's classes by name (the\n" +
    "checkpoint's labels.json, or --labels), so a folder may hold some of the classes only;\n" +
    'without names, the sorted folders are the classes in order. Unreadable files are skipped\n' +
    'and counted.',
  async run(context) {
    const { io, values } = context;
    const usage = (message: string, hint?: string) => usageError(io.stderr, 'eval', message, hint);
    const weights = values['weights'];
    if (typeof weights !== 'string' || weights === '')
      return usage('missing --weights DIR', 'the checkpoint directory incep train wrote, e.g. run/best');
    const data = values['data'];
    if (typeof data !== 'string' || data === '')
      return usage('missing --data DIR', 'a folder with one sub-folder of images per class');
    const batchText = values['batch'] ?? '32';
    const batch = typeof batchText === 'string' && /^\d+$/.test(batchText) ? Number(batchText) : NaN;
    if (!(batch >= 1 && batch <= 4096))
      return usage(`--batch expects a whole number from 1 to 4096, found '${String(batchText)}'`);
    const backend = parseBackend(values['backend']);
    if (!backend.ok) return usage(backend.message, backend.hint);
    // TensorFlow.js loads only here, so `--help` and usage errors stay fast.
    const { runEvaluation } = await import('./runEvaluation.js');
    return runEvaluation(context, {
      spec: context.positionals[0]!,
      weights,
      data,
      ...(typeof values['labels'] === 'string' ? { labels: values['labels'] } : {}),
      batch,
      backend: backend.backend,
      json: values['json'] === true,
    });
  },
};
