import { groupThousands } from './groupThousands.js';
import type { ModelSummary } from './summarize.js';
import { summarizeBlocks } from './summarizeBlocks.js';

const HEADINGS = ['Block', 'Output shape', 'Params', 'of params', 'MACs', 'of MACs'] as const;
const GAP = '  ';

/**
 * `incep summary --blocks`: one row per block instance (and per section and aux head) with its
 * output shape, parameters and MACs, and each one's share of the model's totals — where the
 * network spends its weights and its compute, in a screenful instead of hundreds of layers.
 */
export function formatBlocksTable(summary: ModelSummary): string {
  const share = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '—');
  const rows = summarizeBlocks(summary).map((b) => [
    b.title,
    b.output.slice(1).join('x'),
    groupThousands(b.params),
    share(b.params, summary.params.total),
    groupThousands(b.macs),
    share(b.macs, summary.macs),
  ]);
  const total = ['Total', '', groupThousands(summary.params.total), '', groupThousands(summary.macs), ''];
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...[...rows, total].map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join(GAP)
      .trimEnd();
  const rule = '='.repeat(widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1));
  return [`Model: ${summary.name}`, '', line(HEADINGS), rule, ...rows.map(line), rule, line(total)].join('\n');
}
