import { groupThousands } from '../summary/groupThousands.js';
import { summarize } from '../summary/summarize.js';
import type { Command } from './Command.js';
import { compileSpec } from './compileSpec.js';
import { EXIT } from './exitCodes.js';

/** `incep check FILE...`: compile every file, report all diagnostics, and say which passed. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'check specs and report every error and warning',
  synopsis: 'FILE... [options]',
  positionals: { name: 'FILE', min: 1, max: Infinity },
  options: {},
  details:
    'Each FILE is compiled on its own; errors and warnings go to stderr, one\n' +
    "'FILE: ok (...)' line per passing file to stdout. A file of blocks without a model\n" +
    'is checked as a library. Exits 1 when any file has errors.',
  async run(context) {
    let failed = false;
    for (const file of context.positionals) {
      const result = compileSpec(file, context);
      if (!result.ok) {
        failed = true;
        continue;
      }
      if (result.ir) {
        // The inference graph, as `summary` counts it: aux heads are training-only.
        const s = summarize(result.ir);
        context.io.stdout.write(
          `${file}: ok (${s.name}, ${s.layers.length} layers, ${groupThousands(s.params.total)} params)\n`,
        );
      } else {
        const blocks = result.ast?.blocks.length ?? 0;
        context.io.stdout.write(`${file}: ok (${blocks} block${blocks === 1 ? '' : 's'})\n`);
      }
    }
    return failed ? EXIT.failed : EXIT.ok;
  },
};
