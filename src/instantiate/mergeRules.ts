import { error, warning, type Diagnostic, type RelatedInformation } from '../diagnostics/Diagnostic.js';
import type { Span } from '../diagnostics/Span.js';
import type { Tensor } from '../ops/OpDef.js';
import { formatShape, type Shape } from '../ops/types.js';

/** One parallel path of a block or split: its label, where it is written, and what it gives. */
export interface Path {
  label: string;
  span: Span;
  out: Tensor;
}

/** E0501 when parallel paths end at different heights × widths, with every path as a note. */
export function parallelMismatch(
  name: string,
  parts: readonly Path[],
  span: Span,
  what: 'block' | 'split',
): Diagnostic | undefined {
  const shapes = parts.map((p) => p.out.shape);
  const spatial = (s: Shape) => s.slice(0, -1).join('x');
  if (shapes.every((s) => s.length === shapes[0]!.length && spatial(s) === spatial(shapes[0]!))) return undefined;
  const related: RelatedInformation[] = parts.map((p) => ({
    span: p.span,
    message: `${p.label} gives ${formatShape(p.out.shape)}`,
  }));
  const list = parts.map((p) => `${p.label}: ${formatShape(p.out.shape)}`).join(', ');
  return error(
    'E0501',
    `the ${what === 'block' ? 'branches' : 'groups'} of '${name}' disagree on height x width (${list})`,
    span,
    'every parallel path must end at the same spatial size: check strides and padding (a stride-2 path needs `valid`/`same` to match the pooling path)',
    related,
  );
}

/** E0502 when a residual block's path does not end at its input's shape; the hint says how to fix it. */
export function residualMismatch(
  instance: string,
  x: Tensor,
  out: Tensor,
  span: Span,
  callSpan: Span,
): Diagnostic | undefined {
  const [h, w, c] = x.shape;
  const [h2, w2, c2] = out.shape;
  if (x.shape.length === 3 && out.shape.length === 3 && h === h2 && w === w2 && c === c2) return undefined;
  const hint =
    x.shape.length !== 3
      ? 'a residual block needs a height x width x channels input; put it before `flatten` / `globalavgpool`'
      : h === h2 && w === w2
        ? `project the residual back to the block's ${c} channels: \`project conv in 1x1 bias linear nobn\` (\`in\` = ${c})`
        : 'a residual block must keep the spatial size: use stride 1 and same padding inside it';
  const message =
    x.shape.length !== 3
      ? `residual add in '${instance}': the block input is a vector of ${formatShape(x.shape)}, not height x width x channels`
      : `residual add in '${instance}': the block input is ${formatShape(x.shape)} but the residual path gives ${formatShape(out.shape)}`;
  return error('E0502', message, span, hint, [{ span: callSpan, message: `instance '${instance}' is created here` }]);
}

/** W0501 for a residual scale outside the range the Inception-v4 paper recommends (1 is exempt). */
export function unusualScale(scale: number, span: Span): Diagnostic | undefined {
  if (scale === 1 || (scale >= 0.1 && scale <= 0.3)) return undefined;
  return warning(
    'W0501',
    `residual scale ${scale} is outside 0.1–0.3`,
    span,
    'Szegedy et al., "Inception-v4, Inception-ResNet…" (2016) §3.3: scaling residuals by 0.1–0.3 before the add keeps training stable with more than 1000 filters',
  );
}
