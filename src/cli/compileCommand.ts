import { join, relative, resolve } from 'node:path';
import { didYouMean } from '../diagnostics/didYouMean.js';
import { BACKEND_CHOICES } from '../runtime/backendChoices.js';
import type { Command } from './Command.js';
import { parseBackend } from './parseBackend.js';
import { compileSpec } from './compileSpec.js';
import { EMITTERS } from './emitters.js';
import { EXIT } from './exitCodes.js';
import { printDiagnostics } from './printDiagnostics.js';
import { printError } from './printError.js';
import { requireModel } from './requireModel.js';
import { usageError } from './usageError.js';
import { useColor } from './useColor.js';

/** `incep compile FILE --emit FORMAT --out DIR`: write the IR, a TensorFlow.js or ONNX model, or a TypeScript module. */
export const compileCommand: Command = {
  name: 'compile',
  summary: 'write the IR, a TensorFlow.js or ONNX model, or a TypeScript module',
  synopsis: 'FILE... --emit FORMAT --out DIR [options]',
  positionals: { name: 'FILE', min: 1, max: Number.POSITIVE_INFINITY },
  options: {
    emit: { type: 'string', value: 'FORMAT', description: `what to write: ${Object.keys(EMITTERS).join(', ')}` },
    out: { type: 'string', short: 'o', value: 'DIR', description: 'output directory (created when missing)' },
    backend: {
      type: 'string',
      value: 'NAME',
      description: `tfjs backend that builds the model: ${BACKEND_CHOICES.join(', ')} (default auto)`,
    },
    aux: { type: 'boolean', description: 'tfjs, onnx: add the aux heads as extra outputs (the training graph)' },
    weights: {
      type: 'string',
      value: 'DIR',
      description: 'tfjs, onnx: load the weights of a tensorflowjs_converter Keras model directory',
    },
    optimize: {
      type: 'boolean',
      description:
        'tfjs, onnx: fold BatchNorm into the convs, fuse activations, drop dropout (same outputs; 7–13% faster on wasm)',
    },
    'tf-module': {
      type: 'string',
      value: 'NAME',
      description: 'ts: the module to import tfjs from (default @tensorflow/tfjs)',
    },
  },
  details: ['Formats:', ...Object.entries(EMITTERS).map(([name, e]) => `  ${name.padEnd(6)} ${e.description}`)].join(
    '\n',
  ),
  async run(context) {
    const { io, values } = context;
    const usage = (message: string, hint?: string) => usageError(io.stderr, 'compile', message, hint);
    // Flags are checked before compiling, so a typo costs no compile and no model build.
    const format = values['emit'];
    if (typeof format !== 'string')
      return usage('missing --emit FORMAT', `choose one of: ${Object.keys(EMITTERS).join(', ')}`);
    const emitter = Object.hasOwn(EMITTERS, format) ? EMITTERS[format] : undefined;
    if (!emitter) {
      return usage(
        `unknown --emit format '${format}'`,
        didYouMean(format, Object.keys(EMITTERS)) ?? `choose one of: ${Object.keys(EMITTERS).join(', ')}`,
      );
    }
    const out = values['out'];
    if (typeof out !== 'string' || out === '')
      return usage('missing --out DIR', 'name the directory to write to, e.g. --out build/model');
    const parsedBackend = parseBackend(values['backend']);
    if (!parsedBackend.ok) return usage(parsedBackend.message, parsedBackend.hint);
    const backend = parsedBackend.backend;

    const weights = values['weights'];
    // Both build the tfjs model; onnx exports it.
    const withWeights = format === 'tfjs' || format === 'onnx';
    if (weights !== undefined && !withWeights) return usage('--weights goes with --emit tfjs or onnx');
    const optimize = values['optimize'] === true;
    if (optimize && !withWeights) return usage('--optimize goes with --emit tfjs or onnx');
    if (optimize && values['aux'] === true)
      return usage('--optimize makes the inference graph; --aux asks for the training graph', 'give one of the two');
    const tfModule = values['tf-module'];
    if (tfModule !== undefined && format !== 'ts') return usage('--tf-module goes with --emit ts');
    // One directory holds one tfjs model; the other formats name their files after the spec.
    if (context.positionals.length > 1 && format === 'tfjs')
      return usage('--emit tfjs takes one FILE', 'compile each spec into its own --out directory');

    let status: number = EXIT.ok;
    // Output file → the spec that wrote it in this command.
    const writers = new Map<string, string>();
    for (const file of context.positionals) {
      const compiled = compileSpec(file, context);
      const ir = requireModel(file, compiled, context);
      if (!ir) {
        status = EXIT.failed;
        continue;
      }
      const target = emitter.fileName?.(ir);
      const earlier = target === undefined ? undefined : writers.get(target);
      if (target !== undefined && earlier !== undefined) {
        printError(io.stderr, {
          message: `'${file}' and '${earlier}' would both write ${shown(join(resolve(io.cwd, out), target), io.cwd)}; '${file}' is not written`,
          hint: `--emit ${format} names the file after the ${format === 'ts' ? 'spec file' : 'model'}: rename one, or compile them into different --out directories`,
        });
        status = EXIT.failed;
        continue;
      }
      if (target !== undefined) writers.set(target, file);
      const outcome = await emitter.emit({
        ir,
        compiled,
        out: resolve(io.cwd, out),
        aux: values['aux'] === true,
        optimize,
        backend,
        io,
        ...(typeof weights === 'string' ? { weights: resolve(io.cwd, weights) } : {}),
        ...(typeof tfModule === 'string' ? { tfModule } : {}),
      });
      if (!outcome.ok) {
        if ('diagnostics' in outcome)
          printDiagnostics(io.stderr, outcome.diagnostics, compiled.sources, useColor(io.stderr, io.env));
        else printError(io.stderr, outcome);
        status = outcome.exit;
        continue;
      }
      for (const f of outcome.files) io.stdout.write(`wrote ${shown(f, io.cwd)}\n`);
    }
    return status;
  },
};

/** Paths relative to the working directory when inside it, as the user typed `--out`. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
