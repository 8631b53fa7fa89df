import { formatBlocksTable } from '../summary/formatBlocksTable.js';
import { formatSummaryTable } from '../summary/formatSummaryTable.js';
import { summarize } from '../summary/summarize.js';
import { summarizeBlocks } from '../summary/summarizeBlocks.js';
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
    blocks: {
      type: 'boolean',
      description: 'one row per block instance: output shape, params, MACs and their share of the total',
    },
  },
  details:
    'Layers are grouped by section and block instance (stem, mixed0 (A), …, head),\n' +
    'with a subtotal per group; the training recipe follows the totals. Without --aux the\n' +
    'table is the inference graph. --blocks rolls each group up into one row (with --json:\n' +
    'a `blocks` list of { title, output, params, macs }).',
  async run(context) {
    const file = context.positionals[0]!;
    const ir = requireModel(file, compileSpec(file, context), context);
    if (!ir) return EXIT.failed;
    const summary = summarize(ir, { aux: context.values['aux'] === true });
    const blocks = context.values['blocks'] === true;
    const text =
      context.values['json'] === true
        ? JSON.stringify(blocks ? { ...summary, blocks: summarizeBlocks(summary) } : summary, null, 2)
        : blocks
          ? formatBlocksTable(summary)
          : formatSummaryTable(summary);
    context.io.stdout.write(text + '\n');
    return EXIT.ok;
  },
};
