import { extname, resolve } from 'node:path';

import { graphModel } from '../graph/graphModel.js';
import type { Command } from './Command.js';
import { compileSpec } from './compileSpec.js';
import { EXIT } from './exitCodes.js';
import { printError } from './printError.js';
import { requireModel } from './requireModel.js';
import { usageError } from './usageError.js';
import { writeOutput } from './writeOutput.js';

const FORMATS = ['.svg', '.dot'];

/** `incep graph SPEC --out FILE.svg|FILE.dot`: a diagram of the network. */
export const graphCommand: Command = {
  name: 'graph',
  summary: 'draw the network as an SVG (or Graphviz DOT) diagram',
  synopsis: 'FILE --out FILE.svg|FILE.dot [options]',
  positionals: { name: 'FILE', min: 1, max: 1 },
  options: {
    out: {
      type: 'string',
      value: 'FILE',
      description: 'where to write it; .svg draws it, .dot writes the Graphviz source',
    },
    expand: {
      type: 'boolean',
      description: "draw each block instance's ops, branches side by side (default: one box per instance)",
    },
    aux: { type: 'boolean', description: 'draw the aux heads too' },
  },
  details:
    'Boxes show output shapes (HxWxC) and parameters; expanded, the edges carry the shapes\n' +
    'and a conv is drawn with its batch norm and activation. Drawn by Graphviz compiled to\n' +
    'WebAssembly: no system Graphviz needed.',
  async run(context) {
    const out = context.values['out'];
    if (typeof out !== 'string') {
      return usageError(
        context.io.stderr,
        'graph',
        'missing --out FILE',
        'e.g. --out inception_v3.svg (or .dot for the Graphviz source)',
      );
    }
    const format = extname(out).toLowerCase();
    if (!FORMATS.includes(format)) {
      return usageError(
        context.io.stderr,
        'graph',
        `--out '${out}' must end in .svg or .dot`,
        '.svg draws the diagram; .dot writes the Graphviz source to lay out yourself',
      );
    }
    const file = context.positionals[0]!;
    const ir = requireModel(file, compileSpec(file, context), context);
    if (!ir) return EXIT.failed;
    const dot = graphModel(ir, { expand: context.values['expand'] === true, aux: context.values['aux'] === true });
    let text = dot;
    if (format === '.svg') {
      const { renderSvg } = await import('../graph/renderSvg.js');
      const drawn = await renderSvg(dot);
      if (!drawn.ok) {
        printError(context.io.stderr, { message: `cannot draw ${ir.name}: ${drawn.message}` });
        return EXIT.failed;
      }
      text = drawn.svg;
    }
    const target = resolve(context.io.cwd, out);
    const written = await writeOutput(target, text);
    if (!written.ok) {
      if ('message' in written) printError(context.io.stderr, written);
      return written.exit;
    }
    context.io.stderr.write(`wrote ${out}\n`);
    return EXIT.ok;
  },
};
