import { groupThousands } from './groupThousands.js';
import { formatTrainRecipe } from './formatTrainRecipe.js';
import type { ModelSummary, SummaryAuxHead, SummaryLayer } from './summarize.js';

const HEADINGS = ['Layer', 'Op', 'Kernel', 'Output shape', 'Params', 'MACs', 'Connected to'] as const;
/** Columns right-aligned (numbers). */
const NUMERIC = new Set([4, 5]);
const GAP = '  ';
// Layer names sit under their group's header line, indented, as in a tree.
const INDENT = '  ';

/**
 * The Keras-style text table of `incep summary`: one section per group of layers (the input,
 * the stem, each block instance such as `mixed0 (A)`, the head, each aux head), a subtotal per
 * group, and the model totals at the end. Output shapes use Keras's `(None, 35, 35, 256)`.
 */
export function formatSummaryTable(summary: ModelSummary): string {
  const groups = groupLayers(summary.layers, summary.auxHeads ?? []);
  // A layer with several inputs lists each on its own line, as Keras does.
  const rows = summary.layers.map((l) => [
    [
      INDENT + l.name,
      l.op,
      l.kernel ?? '',
      formatShape(l.shape),
      groupThousands(l.params.total),
      groupThousands(l.macs),
      l.inputs[0] ?? '',
    ],
    ...l.inputs.slice(1).map((input) => ['', '', '', '', '', '', input]),
  ]);
  const subtotalRows = groups.map((g) => [
    `${INDENT}subtotal`,
    '',
    '',
    '',
    groupThousands(sum(g.layers, (l) => l.params.total)),
    groupThousands(sum(g.layers, (l) => l.macs)),
    '',
  ]);
  const all = [...rows.flat(), ...subtotalRows];
  const widths = HEADINGS.map((h, i) => Math.max(h.length, ...all.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (NUMERIC.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join(GAP)
      .trimEnd();
  const width = widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  const thick = '='.repeat(width);
  const thin = '-'.repeat(width);

  const out = [
    `Model: ${summary.name}`,
    `Input: ${summary.input.join('x')}    Output: ${formatShape(summary.output)}`,
    '',
    line(HEADINGS),
    thick,
  ];
  let row = 0;
  groups.forEach((group, i) => {
    if (i > 0) out.push(thin);
    out.push(group.title);
    out.push(...rows.slice(row, row + group.layers.length).flatMap((lines) => lines.map((r) => line(r))));
    row += group.layers.length;
    // A one-layer group's subtotal would only repeat the layer.
    if (group.layers.length > 1) out.push(line(subtotalRows[i]!));
  });
  out.push(thick);
  const p = summary.params;
  const labels = ['Total params:', 'Trainable params:', 'Non-trainable params:', 'Total MACs:'];
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const counts = [p.total, p.trainable, p.nonTrainable, summary.macs].map(groupThousands);
  const countWidth = Math.max(...counts.map((c) => c.length));
  const extras = [megabytes(p.total), megabytes(p.trainable), megabytes(p.nonTrainable), scaled(summary.macs)];
  labels.forEach((label, i) =>
    out.push(`${label.padEnd(labelWidth)} ${counts[i]!.padStart(countWidth)}  (${extras[i]})`),
  );
  if (summary.train) {
    const recipe = formatTrainRecipe(summary.train);
    if (recipe.length > 0) out.push('', 'Training recipe:', ...recipe.map((r) => INDENT + r));
  }
  return out.join('\n');
}

/** Layers shown under one title (`mixed0 (A)`, `stem`, `aux logits (at mixed7, weight 0.4)`). */
export interface Group {
  title: string;
  layers: SummaryLayer[];
}

/** Consecutive layers of the same section, instance and aux head form one group. */
export function groupLayers(layers: readonly SummaryLayer[], auxHeads: readonly SummaryAuxHead[] = []): Group[] {
  const groups: Array<Group & { key: string }> = [];
  for (const layer of layers) {
    const key = `${layer.section}/${layer.instance ?? ''}/${layer.aux ?? ''}`;
    const last = groups[groups.length - 1];
    if (last?.key === key) last.layers.push(layer);
    else groups.push({ key, title: titleOf(layer, auxHeads), layers: [layer] });
  }
  return groups;
}

function titleOf(layer: SummaryLayer, auxHeads: readonly SummaryAuxHead[]): string {
  if (layer.section === 'body' && layer.instance !== undefined) {
    return layer.block !== undefined ? `${layer.instance} (${layer.block})` : layer.instance;
  }
  if (layer.section === 'aux') {
    const head = auxHeads.find((a) => a.name === layer.aux);
    // The first layer of an aux head reads the layer it taps.
    const at = head?.at ?? layer.inputs[0];
    const where = [...(at !== undefined ? [`at ${at}`] : []), ...(head ? [`weight ${head.weight}`] : [])];
    return `aux ${layer.aux ?? ''}${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
  }
  return layer.section;
}

function formatShape(shape: ReadonlyArray<number | null>): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
}

function sum(layers: readonly SummaryLayer[], of: (l: SummaryLayer) => number): number {
  return layers.reduce((acc, l) => acc + of(l), 0);
}

/** float32 weights, in Keras's binary megabytes, so the figure matches `model.summary()`. */
function megabytes(params: number): string {
  const bytes = params * 4;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(2)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
}

/** MACs in the unit papers quote them in: G for ImageNet-size models, M or K for small ones. */
function scaled(macs: number): string {
  if (macs >= 1e15) return `${(macs / 1e15).toFixed(2)} P`;
  if (macs >= 1e12) return `${(macs / 1e12).toFixed(2)} T`;
  if (macs >= 1e9) return `${(macs / 1e9).toFixed(3)} G`;
  if (macs >= 1e6) return `${(macs / 1e6).toFixed(2)} M`;
  if (macs >= 1e3) return `${(macs / 1e3).toFixed(2)} K`;
  return `${macs}`;
}
