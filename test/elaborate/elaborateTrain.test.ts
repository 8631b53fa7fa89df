import { expect } from 'chai';
import { compileText, expectDiagnostic, type DiagnosticCase } from '../fixtures/helpers.js';

const M = 'block A { conv 8 1x1 }\nmodel M { input 8x8x3; body { A as mixed0 }; train {';

/** The recipe of a `train` section that compiles, without spans. */
function recipe(items: string): Record<string, unknown> {
  const r = compileText(`${M} ${items} } }`);
  expect(r.ok, JSON.stringify(r.diagnostics)).to.equal(true);
  const { span: _span, ...rest } = r.ir!.train!;
  if (rest.freeze) delete (rest.freeze as { span?: unknown }).span;
  return rest;
}

describe('elaborate/elaborateTrain', () => {
  const ok: Array<[string, string, Record<string, unknown>]> = [
    [
      'adamw with decay',
      'optimizer adamw(lr=0.001, weight_decay=0.05)',
      { optimizer: { name: 'adamw', options: { lr: 0.001, weight_decay: 0.05 } } },
    ],
    [
      'Nesterov momentum',
      'optimizer momentum(lr=0.1, nesterov=true)',
      { optimizer: { name: 'momentum', options: { lr: 0.1 }, flags: { nesterov: true } } },
    ],
    [
      'centered rmsprop',
      'optimizer rmsprop(centered=false)',
      { optimizer: { name: 'rmsprop', options: {}, flags: { centered: false } } },
    ],
    ['warm-up in epochs', 'warmup 2 epochs', { warmup: { value: 2, unit: 'epochs' } }],
    ['warm-up in steps', 'warmup 500 steps', { warmup: { value: 500, unit: 'steps' } }],
    ['warm-up without a unit counts epochs', 'warmup 3', { warmup: { value: 3, unit: 'epochs' } }],
    // A plain block's output is its last layer.
    ['freeze an instance', 'freeze mixed0', { freeze: { name: 'mixed0', layer: 'mixed0_conv1' } }],
    ['freeze a layer', 'freeze mixed0_conv1', { freeze: { name: 'mixed0_conv1', layer: 'mixed0_conv1' } }],
  ];
  for (const [what, items, want] of ok) {
    it(`reads ${what}`, () => {
      expect(recipe(items)).to.deep.equal(want);
    });
  }

  const errors: DiagnosticCase[] = [
    {
      name: 'warm-up in an unknown unit',
      source: `${M} warmup 2 hours } }`,
      code: 'E0405',
      at: '2:63',
      message: "unknown unit 'hours'",
    },
    {
      name: 'warm-up without a length',
      source: `${M} warmup } }`,
      code: 'E0404',
      at: '2:54',
      message: "'warmup' takes a length",
    },
    {
      name: 'freeze of a number',
      source: `${M} freeze 3 } }`,
      code: 'E0404',
      at: '2:54',
      message: "'freeze' takes the instance",
    },
    {
      name: 'freeze of an unknown instance',
      source: `${M} freeze mixed9 } }`,
      code: 'E0315',
      at: '2:61',
      message: "`freeze` names 'mixed9'",
      hint: "did you mean 'mixed0'?",
    },
    {
      name: 'a flag that is no boolean',
      source: `${M} optimizer momentum(nesterov=1) } }`,
      code: 'E0404',
      at: '2:82',
      message: "'nesterov' expects true or false",
    },
    {
      name: 'an infinite option',
      source: `${M} optimizer adam(lr=1e309) } }`,
      code: 'E0402',
      at: '2:72',
      message: 'the number is too large to represent',
    },
    { name: 'an infinite setting', source: `${M} clipnorm 1e309 } }`, code: 'E0402', at: '2:63', message: 'too large' },
    {
      name: 'a decay every 0 steps',
      source: `${M} schedule step(every=0 steps) } }`,
      code: 'E0404',
      at: '2:74',
      message: "'every' must be above 0",
    },
    {
      name: 'a negative option',
      source: `${M} schedule exponential(every=-3 epochs) } }`,
      code: 'E0404',
      at: '2:81',
      message: "'every' expects a finite number of 0 or more",
    },
  ];
  for (const row of errors) {
    it(`${row.code} ${row.name}`, () => {
      expectDiagnostic(compileText(row.source).diagnostics, row);
    });
  }
});
