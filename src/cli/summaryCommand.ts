import { formatSummaryTable } from '../summary/formatSummaryTable.js';
import { summarize } from '../summary/summarize.js';
import type { Command } from './Command.js';
import { compileSpec } from './compileSpec.js';
import { EXIT } from './exitCodes.js';
import { requireModel } from './requireModel.js';

/** `incep summary FILE`: the layer table (or its JSON), with shapes, parameters and MACs. */
export const summaryCommand: Command = {
  name: 'summary',
  summary: 'print a layer table with output shapes, parameters and MACs',
  synopsis: 'FILE [options]',
  positionals: { name: 'FILE', min: 1, max: 1 },
  options: {
    json: { type: 'boolean', description: 'print JSON: { name, input, output, params, macs, layers, train? }' },
    aux: { type: 'boolean', description: 'include the aux heads (the training graph) in the layers and totals' },
  },
  details:
    'Layers are grouped by section and block instance (stem, mixed0 (A), …, head),\n' +
    'with a subtotal per group. Without --aux the table is the inference graph.',
  async run(context) {
    const file = context.positionals[0]!;
    const ir = requireModel(file, compileSpec(file, context), context);
    if (!ir) return EXIT.failed;
    const summary = summarize(ir, { aux: context.values['aux'] === true });
    const text = context.values['json'] === true ? JSON.stringify(summary, null, 2) : formatSummaryTable(summary);
    context.io.stdout.write(text + '\n');
    return EXIT.ok;
  },
};
