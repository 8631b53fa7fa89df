import type { CatalogueEntry } from '../catalogue.js';

/** The errors found while lowering (E05xx): shapes that do not fit, sizes that collapse, a model too large. */
export const SHAPE_ENTRIES = {
  E0501: {
    severity: 'error',
    title: 'parallel paths disagree on height × width',
    explanation:
      'The branches of a block (or the groups of a split) end at different spatial sizes, so their ' +
      'outputs cannot be concatenated. Usually one branch strides or uses `valid` padding and ' +
      "another does not; the related notes give each path's shape. Make every path end at the same size.",
    examples: [
      {
        what: 'parallel paths disagree on height × width',
        source: 'block R { branch { conv 8 3x3 /2 } branch { conv 8 3x3 same } } model M { input 32x32x3; body { R } }',
      },
    ],
  },
  E0502: {
    severity: 'error',
    title: 'residual add with unequal shapes',
    explanation:
      'The residual path of a `residual(…)` block does not end at the shape of the block input, so ' +
      'the two cannot be added. When the channels differ, end the path with ' +
      "`project conv in 1x1 bias linear nobn` (a 1x1 conv back to the input's channels); when the " +
      'spatial size differs, use stride 1 and `same` padding inside the block.',
    examples: [
      {
        what: 'residual add with unequal shapes',
        source:
          'block B residual(scale=0.2) { branch { conv 8 1x1 } branch { conv 8 1x1 } } model M { input 8x8x3; body { B } }',
      },
    ],
  },
  E0503: {
    severity: 'error',
    title: 'spatial size collapses',
    explanation:
      'An op would produce a height or width below 1: the input is too small for the strides and ' +
      '`valid` paddings before it. The hint names the smallest input that works; use at least that ' +
      '(`input` or `--input`), or use `same` padding.',
    examples: [
      {
        what: 'spatial size collapses',
        source: 'model M { input 8x8x3; stem { conv 8 3x3 /2; conv 8 3x3; conv 8 3x3 } }',
      },
    ],
  },
  E0504: {
    severity: 'error',
    title: 'op on an input of the wrong rank',
    explanation:
      'Spatial ops (conv, pooling, …) need a height × width × channels input and `dense` needs a ' +
      'flat one. Put spatial ops before `flatten` / `globalavgpool`, and one of those before `dense`.',
    examples: [
      { what: 'a spatial op after flattening', source: 'model M { input 8x8x3; stem { flatten; conv 8 3x3 } }' },
      { what: '`dense` on a spatial input', source: 'model M { input 8x8x3; stem { dense 10 } }' },
    ],
  },
  E0505: {
    severity: 'error',
    title: 'model too large',
    explanation:
      'The model exceeds a size limit: more than 100,000 layers, more than 1,000,000,000 parameters, ' +
      'or one output larger than 16,384² × 4,096. Usually a repeat count multiplied by a nested ' +
      'repeat, or a dense layer on a large flattened map; check the repeat counts and add pooling ' +
      'before `dense`.',
    examples: [
      {
        what: 'more than 100,000 layers',
        source: 'block A { conv 8 1x1 x 1000 } model M { input 8x8x3; body { A x 101 } }',
      },
    ],
  },
  E0506: {
    severity: 'error',
    title: 'multiply outside a block',
    explanation:
      "`multiply` scales the enclosing block instance's input by the tensor that reaches it (a " +
      'broadcasting, per-channel product, as in Squeeze-and-Excitation), so it only stands in a block ' +
      "body, and its channels must equal the block input's channels. Move it into a block.",
    examples: [
      { what: 'multiply outside a block', source: 'model M { input 8x8x3; stem { globalavgpool; multiply } }' },
    ],
  },
  E0507: {
    severity: 'error',
    title: 'a trained model that does not output one score per class',
    explanation:
      'The spec has a `train` section, so its output must be one score per class, `[batch, classes]`, ' +
      'for the loss to compare with the labels; this network ends at another shape (no head, or a head ' +
      'that ends elsewhere). Add `head { globalavgpool; dense classes softmax }` or make the last layer ' +
      '`dense classes`.',
    examples: [
      {
        what: 'a trained model that does not output one score per class',
        source: 'model M { input 8x8x3; classes 10; stem { conv 8 3x3 }; train { epochs 1 } }',
      },
    ],
  },
} as const satisfies Record<string, CatalogueEntry>;
