import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { BatchResult } from '../infer/BatchRunner.js';
import type { Command } from './Command.js';
import { INFERENCE_BACKEND_CHOICES, parseInferenceChoice } from './parseInferenceChoice.js';
import { compileSpec } from './compileSpec.js';
import { EXIT } from './exitCodes.js';
import { printError } from './printError.js';
import { requireModel } from './requireModel.js';
import { usageError } from './usageError.js';

/** The exit status of a Ctrl-C, as a shell reports a SIGINT. */
const INTERRUPTED = 130;

/** `incep predict SPEC --weights DIR IMAGE...`: classify images with a checkpoint or Keras weights. */
export const predictCommand: Command = {
  name: 'predict',
  summary: 'classify JPEG/PNG images with a spec and its trained or converted Keras weights',
  synopsis: 'SPEC IMAGE... --weights DIR [options]',
  positionals: { name: 'SPEC IMAGE', min: 2, max: Number.POSITIVE_INFINITY },
  options: {
    weights: {
      type: 'string',
      value: 'DIR',
      description: 'an incep train checkpoint, or a tensorflowjs_converter directory of a Keras model',
    },
    labels: {
      type: 'string',
      value: 'FILE',
      description: "class names: a JSON list or one per line (default the checkpoint's labels.json)",
    },
    top: { type: 'string', value: 'K', description: 'how many classes to print per image (default 5)' },
    json: {
      type: 'boolean',
      description: 'print JSON: { backend, model, images: [{ file, predictions: [{ index, label, probability }] }] }',
    },
    backend: {
      type: 'string',
      value: 'NAME',
      description: `${INFERENCE_BACKEND_CHOICES.join(', ')} (default auto; onnx = ONNX Runtime)`,
    },
    workers: {
      type: 'string',
      value: 'N',
      description: 'classify in N worker threads, each with its own tfjs (default 1: this thread)',
    },
    threads: { type: 'string', value: 'N', description: 'ONNX Runtime threads (--backend onnx; default all cores)' },
    device: { type: 'string', value: 'cpu|cuda', description: 'where ONNX Runtime runs (--backend onnx; default cpu)' },
  },
  details:
    'A checkpoint brings its class names, its --classes/--input/--width and its preprocessing:\n' +
    'the central 87.5% of the image, resized, scaled to [-1, 1], as its validation saw them.\n' +
    "Keras weights get Keras's convention: the whole image resized (bilinear) and scaled to\n" +
    "[-1, 1], as preprocess_input does in 'tf' mode; with 1000 classes the labels are ImageNet's.\n" +
    'With --workers N the images are split across N threads (results stay in order): the wasm\n' +
    'backend uses one core per thread in Node. --backend onnx exports the model to ONNX and runs\n' +
    'it with onnxruntime-node (an optional dependency) on --threads threads, or --device cuda.',
  async run(context) {
    const { io, values } = context;
    const usage = (message: string, hint?: string) => usageError(io.stderr, 'predict', message, hint);
    const weights = values['weights'];
    if (typeof weights !== 'string' || weights === '')
      return usage(
        'missing --weights DIR',
        'convert the Keras model with tensorflowjs_converter --input_format keras, then pass its directory',
      );
    const topText = values['top'] ?? '5';
    const top = typeof topText === 'string' && /^\d+$/.test(topText) ? Number(topText) : NaN;
    if (!(top >= 1 && top <= 1000))
      return usage(`--top expects a whole number from 1 to 1000, found '${String(topText)}'`);
    const parsedChoice = parseInferenceChoice(values);
    if (!parsedChoice.ok) return usage(parsedChoice.message, parsedChoice.hint);
    const [spec, ...images] = context.positionals as [string, ...string[]];
    // A worker with no image to classify would only cost its start-up.
    const choice =
      parsedChoice.choice.engine === 'tfjs'
        ? { ...parsedChoice.choice, workers: Math.min(parsedChoice.choice.workers, images.length) }
        : parsedChoice.choice;

    const { readWeightsSettings } = await import('./readWeightsSettings.js');
    const read = await readWeightsSettings(
      context,
      weights,
      typeof values['labels'] === 'string' ? values['labels'] : undefined,
    );
    if (!read.ok) {
      printError(io.stderr, {
        message: read.message,
        hint: read.hint,
      });
      return EXIT.failed;
    }
    const { settings } = read;
    const ir = requireModel(spec, compileSpec(spec, read.context), read.context);
    if (!ir) return EXIT.failed;
    if (settings.labels && settings.labels.length !== ir.classes) {
      printError(io.stderr, {
        message: `${settings.labels.length} class names for a model of ${ir.classes} classes`,
        hint: 'give as many labels as classes, or --classes to match them',
      });
      return EXIT.failed;
    }
    // Images are RGB and the answer is one probability per class: refuse any other model.
    const output = ir.layers.find((l) => l.name === ir.outputs.main)!;
    if (ir.input[2] !== 3) {
      printError(io.stderr, {
        message: `predict reads RGB images, but '${spec}' takes ${ir.input[2]} channels`,
        hint: 'use --input HxWx3, or a spec with 3 input channels',
      });
      return EXIT.failed;
    }
    if (
      output.shape.length !== 2 ||
      output.shape[1] !== ir.classes ||
      !(output.op === 'dense' && output.attrs.activation === 'softmax')
    ) {
      printError(io.stderr, {
        message: `predict needs a classifier ending in \`dense classes softmax\`, but '${spec}' ends at '${output.name}' (${output.op}, ${output.shape.slice(1).join('x')})`,
        hint: 'give the spec a head such as `head { globalavgpool; dense classes softmax }`',
      });
      return EXIT.failed;
    }

    // TensorFlow.js loads only here, so `incep predict --help` and usage errors stay fast.
    const [
      { selectInferenceBackend },
      { openCommandRunner },
      { buildModel },
      { loadEveryWeight },
      { decodeImage },
      { preprocessTf },
      { rankClasses },
      { imagenetClasses },
      { preprocessCentral },
    ] = await Promise.all([
      import('../infer/selectInferenceBackend.js'),
      import('./openCommandRunner.js'),
      import('../backends/tfjs/buildModel.js'),
      import('./loadEveryWeight.js'),
      import('../predict/decodeImage.js'),
      import('../predict/classifyImages.js'),
      import('../predict/rankClasses.js'),
      import('../predict/imagenetClasses.js'),
      import('../predict/preprocessCentral.js'),
    ]);
    const selected = await selectInferenceBackend(choice);
    if (!selected.ok) return usage(selected.message, selected.hint);

    const model = buildModel(ir);
    const problem = await loadEveryWeight(model, weights, io.cwd, ir);
    if (problem) {
      model.dispose();
      printError(io.stderr, problem);
      return EXIT.failed;
    }
    // The runner owns the model from here: it runs it here, copies it to workers or exports it.
    const opened = await openCommandRunner(
      'predict',
      ir,
      model,
      choice,
      { optimize: false, backend: { name: selected.backend, description: selected.description } },
      io,
    );
    if (typeof opened === 'number') return opened;
    const { runner, interrupted: interrupt } = opened;
    try {
      const labels =
        settings.labels ??
        (ir.classes === imagenetClasses.length
          ? imagenetClasses
          : Array.from({ length: ir.classes }, (_, i) => `class ${i}`));
      const fraction = settings.preprocessing?.centralFraction;
      const preprocess =
        fraction === undefined
          ? preprocessTf
          : (image: Parameters<typeof preprocessCentral>[0], h: number, w: number) =>
              preprocessCentral(image, h, w, fraction);
      const [height, width] = ir.input;
      let status: number = EXIT.ok;
      const results: Array<{
        file: string;
        predictions: Array<{ index: number; label: string; probability: number }>;
      }> = [];
      const pending: Array<{ file: string; result: Promise<BatchResult> }> = [];
      for (const file of images) {
        if (interrupt.aborted) break;
        const bytes = await readFile(resolve(io.cwd, file)).catch((e: unknown): NodeJS.ErrnoException =>
          e instanceof Error ? e : new Error(String(e)),
        );
        if (bytes instanceof Error) {
          printError(io.stderr, {
            message: `cannot read '${file}': ${bytes.code === 'ENOENT' ? 'no such file' : bytes.message}`,
          });
          status = EXIT.failed;
          continue;
        }
        const decoded = decodeImage(new Uint8Array(bytes));
        if (!decoded.ok) {
          printError(io.stderr, { message: `'${file}': ${decoded.message}`, hint: 'predict reads JPEG and PNG files' });
          status = EXIT.failed;
          continue;
        }
        const input = preprocess(decoded.image, height, width);
        const x = (await input.data()) as Float32Array;
        input.dispose();
        pending.push({ file, result: runner.run(x, [1, height, width, 3]) });
        // Read ahead enough images to keep every worker busy, not the whole list into memory.
        const oldest = pending[pending.length - 1 - 2 * runner.parallelism];
        if (oldest) await oldest.result;
      }
      for (const { file, result } of pending) {
        const done = await result;
        if (interrupt.aborted) break;
        if (!done.ok) {
          // A stopped pool fails every image alike: say it once.
          printError(io.stderr, { message: `cannot classify '${file}': ${done.message}`, hint: done.hint });
          return EXIT.failed;
        }
        results.push({ file, predictions: rankClasses(done.output, labels, top) });
      }
      if (interrupt.aborted) {
        io.stderr.write('interrupted\n');
        return INTERRUPTED;
      }
      if (values['json'] === true) {
        io.stdout.write(
          JSON.stringify(
            { backend: choice.engine === 'onnx' ? 'onnx' : selected.backend, model: ir.name, images: results },
            null,
            2,
          ) + '\n',
        );
      } else {
        for (const r of results) {
          io.stdout.write(`${r.file}\n`);
          r.predictions.forEach((p, i) =>
            io.stdout.write(
              `  ${String(i + 1).padStart(2)}. ${(p.probability * 100).toFixed(2).padStart(6)}%  ${p.label} (${p.index})\n`,
            ),
          );
        }
      }
      return status;
    } finally {
      await opened.close();
    }
  },
};
