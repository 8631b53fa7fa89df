import type { CatalogueEntry } from '../catalogue.js';

/** The warnings and notes (W05xx, N05xx), found while lowering. */
export const ADVICE_ENTRIES = {
  W0501: {
    severity: 'warning',
    title: 'residual scale outside 0.1 … 0.3',
    explanation:
      'The scale of a `residual(…)` block is neither 1 nor within 0.1 to 0.3. Szegedy et al. ' +
      '(Inception-v4, 2016, §3.3) scale residuals by 0.1 to 0.3 before the add to keep training ' +
      'stable with more than 1,000 filters. Other scales compile; check the value.',
    examples: [
      {
        what: 'residual scale outside 0.1 … 0.3',
        source: 'block A residual(scale=0.5) { conv in 1x1 } model M { input 8x8x3; body { A } }',
      },
    ],
  },
  W0502: {
    severity: 'warning',
    title: 'aux head left out at this input',
    explanation:
      "An aux head's spatial size collapses at this input size, so it is left out of the model. The " +
      'inference network is still valid; aux heads only matter for training builds. The hint gives ' +
      'the smallest input that keeps it.',
    examples: [
      {
        what: 'aux head left out at this input',
        source: 'model M { input 8x8x3; stem { conv 8 3x3 as t }; aux a at t { conv 8 7x7 } }',
      },
    ],
  },
  W0503: {
    severity: 'warning',
    title: 'the output is not one score per class',
    explanation:
      'The spec declares `classes`, but the network does not end at `[batch, classes]`: there is no ' +
      'head, or the head ends at another size. `classes` only sizes layers that say `classes` ' +
      '(`dense classes softmax`); a model without such a head outputs its feature map. Add a head ' +
      '(`head { globalavgpool; dense classes softmax }`), or drop `classes` for a feature extractor. ' +
      'With a `train` section this is an error (E0507): training needs one score per class.',
    examples: [
      {
        what: 'the output is not one score per class',
        source: 'model M { input 8x8x3; classes 10; stem { conv 8 3x3 } }',
      },
    ],
  },
  N0101: {
    severity: 'note',
    title: 'more diagnostics in a file, not shown',
    explanation:
      'A file has more than 100 errors and warnings; the first 100 are shown and this note counts the ' +
      'rest, so a broken or generated file cannot flood the terminal. Fix the first ones and compile ' +
      'again: the rest often follow from them.',
    examples: [{ what: '(a note) more diagnostics than are shown', source: null }],
  },
  N0501: {
    severity: 'note',
    title: 'MACs saved by a factorization',
    explanation:
      'Reports the multiply-accumulates a `factorize`d conv costs against the single n×n conv it ' +
      'replaces. A strided factorization can cost more, because its first factors run at the input ' +
      'resolution. Nothing to fix.',
    examples: [
      {
        what: '(a note) the MACs a factorization saves',
        source: 'model M { input 8x8x3; stem { conv 8 5x5 same factorize } }',
      },
    ],
  },
} as const satisfies Record<string, CatalogueEntry>;
