import { expect } from 'chai';
import { formatSummaryTable } from '../../src/summary/formatSummaryTable.js';
import type { ModelSummary, SummaryLayer } from '../../src/summary/summarize.js';

function layer(
  name: string,
  op: SummaryLayer['op'],
  section: SummaryLayer['section'],
  shape: Array<number | null>,
  params = 0,
  macs = 0,
  extra: Partial<SummaryLayer> = {},
): SummaryLayer {
  return {
    name,
    op,
    inputs: [],
    shape,
    params: { total: params, trainable: params, nonTrainable: 0 },
    macs,
    section,
    ...extra,
  };
}

function model(
  layers: SummaryLayer[],
  totals: { params?: number; nonTrainable?: number; macs?: number } = {},
): ModelSummary {
  const total = totals.params ?? layers.reduce((n, l) => n + l.params.total, 0);
  const nonTrainable = totals.nonTrainable ?? 0;
  return {
    name: 'M',
    input: [8, 8, 3],
    output: layers[layers.length - 1]!.shape,
    layers,
    params: { total, trainable: total - nonTrainable, nonTrainable },
    macs: totals.macs ?? layers.reduce((n, l) => n + l.macs, 0),
  };
}

describe('summary/formatSummaryTable', () => {
  it('prints groups, subtotals and totals in aligned columns', () => {
    const text = formatSummaryTable(
      model([
        layer('input', 'input', 'input', [null, 8, 8, 3]),
        layer('stem_conv1', 'conv2d', 'stem', [null, 8, 8, 4], 112, 6912, { inputs: ['input'], kernel: '3x3 same' }),
        layer('m0_a', 'conv2d', 'body', [null, 8, 8, 2], 10, 512, {
          block: 'A',
          instance: 'm0',
          inputs: ['stem_conv1'],
          kernel: '1x1 /2 valid',
        }),
        layer('m0', 'concat', 'body', [null, 8, 8, 6], 0, 0, {
          block: 'A',
          instance: 'm0',
          inputs: ['m0_a', 'stem_conv1'],
        }),
        layer('side_dense1', 'dense', 'aux', [null, 2], 14, 12, { aux: 'side', inputs: ['m0'] }),
        layer('head_dense1', 'dense', 'head', [null, 2], 1234, 1200, { inputs: ['m0'] }),
      ]),
    );
    expect(text).to.equal(
      [
        'Model: M',
        'Input: 8x8x3    Output: (None, 2)',
        '',
        'Layer          Op      Kernel        Output shape     Params   MACs  Connected to',
        '=================================================================================',
        'input',
        '  input        input                 (None, 8, 8, 3)       0      0',
        '---------------------------------------------------------------------------------',
        'stem',
        '  stem_conv1   conv2d  3x3 same      (None, 8, 8, 4)     112  6,912  input',
        '---------------------------------------------------------------------------------',
        'm0 (A)',
        '  m0_a         conv2d  1x1 /2 valid  (None, 8, 8, 2)      10    512  stem_conv1',
        '  m0           concat                (None, 8, 8, 6)       0      0  m0_a',
        '                                                                     stem_conv1',
        '  subtotal                                                10    512',
        '---------------------------------------------------------------------------------',
        'aux side (at m0)',
        '  side_dense1  dense                 (None, 2)            14     12  m0',
        '---------------------------------------------------------------------------------',
        'head',
        '  head_dense1  dense                 (None, 2)         1,234  1,200  m0',
        '=================================================================================',
        'Total params:         1,370  (5.35 KB)',
        'Trainable params:     1,370  (5.35 KB)',
        'Non-trainable params:     0  (0 B)',
        'Total MACs:           8,636  (8.64 K)',
      ].join('\n'),
    );
  });

  const groupCases: Array<{ name: string; layers: SummaryLayer[]; titles: string[] }> = [
    {
      name: 'plain body ops form a body group',
      layers: [layer('input', 'input', 'input', [null, 1]), layer('body_conv1', 'conv2d', 'body', [null, 1])],
      titles: ['input', 'body'],
    },
    {
      name: 'each instance of a repeated block is its own group',
      layers: [
        layer('b1', 'concat', 'body', [null, 1], 0, 0, { block: 'B', instance: 'b1' }),
        layer('b2', 'concat', 'body', [null, 1], 0, 0, { block: 'B', instance: 'b2' }),
      ],
      titles: ['b1 (B)', 'b2 (B)'],
    },
    {
      name: 'an instance without a block name',
      layers: [layer('x', 'concat', 'body', [null, 1], 0, 0, { instance: 'x' })],
      titles: ['x'],
    },
  ];
  for (const c of groupCases) {
    it(c.name, () => {
      const lines = formatSummaryTable(model(c.layers)).split('\n');
      const titles = lines.filter((l, i) => i > 4 && /^\S/.test(l) && !/^[=-]+$/.test(l) && !l.includes(':'));
      expect(titles).to.deep.equal(c.titles);
    });
  }

  const totalCases: Array<{ params: number; nonTrainable: number; macs: number; lines: string[] }> = [
    {
      params: 23_851_784,
      nonTrainable: 34_432,
      macs: 5_713_216_096,
      lines: [
        'Total params:            23,851,784  (90.99 MB)',
        'Non-trainable params:        34,432  (134.50 KB)',
        'Total MACs:           5,713,216,096  (5.713 G)',
      ],
    },
    {
      params: 5_000_000,
      nonTrainable: 0,
      macs: 12_345_678,
      lines: ['Total params:          5,000,000  (19.07 MB)', 'Total MACs:           12,345,678  (12.35 M)'],
    },
    {
      params: 100,
      nonTrainable: 0,
      macs: 999,
      lines: ['Total params:         100  (400 B)', 'Total MACs:           999  (999)'],
    },
    {
      // Past 2^53 a sum of doubles is not exact: no made-up digits.
      params: 304_390_154,
      nonTrainable: 0,
      macs: 8.17e16,
      lines: ['Total MACs:            ≈8.170e+16  (81.70 P)'],
    },
  ];
  for (const c of totalCases) {
    it(`totals in readable units: ${c.params} params, ${c.macs} MACs`, () => {
      const text = formatSummaryTable(model([layer('input', 'input', 'input', [null, 1])], c));
      for (const l of c.lines) expect(text.split('\n')).to.include(l);
    });
  }

  it('titles an aux head with where it taps and its loss weight, and prints the training recipe last', () => {
    const summary = {
      ...model([
        layer('input', 'input', 'input', [null, 8, 8, 3]),
        layer('side_dense1', 'dense', 'aux', [null, 2], 14, 12, { aux: 'side', inputs: ['input'] }),
      ]),
      auxHeads: [{ name: 'side', at: 'input', weight: 0.3 }],
      train: {
        optimizer: { name: 'rmsprop' as const, options: { lr: 0.045, rho: 0.9, epsilon: 1 } },
        schedule: {
          name: 'exponential' as const,
          options: { rate: 0.94 },
          every: { value: 2, unit: 'epochs' as const },
        },
        labelSmoothing: 0.1,
        freeze: {
          name: 'mixed0',
          span: { file: 'x', start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
        },
      },
    };
    const lines = formatSummaryTable(summary).split('\n');
    expect(lines).to.include('aux side (at input, weight 0.3)');
    expect(lines.slice(-6)).to.deep.equal([
      '',
      'Training recipe:',
      '  optimizer rmsprop(lr=0.045, rho=0.9, epsilon=1)',
      '  schedule exponential(rate=0.94, every=2 epochs)',
      '  label_smoothing 0.1',
      '  freeze mixed0',
    ]);
  });
});
