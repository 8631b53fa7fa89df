import { expect } from 'chai';
import type { Diagnostic } from '../../src/diagnostics/Diagnostic.js';
import type { Expr, SettingExpr } from '../../src/elaborate/ModuleIR.js';
import {
  bnConstant,
  builtinSettings,
  missingRequired,
  resolveSettings,
  usageHint,
  type Resolved,
  type SettingExprs,
} from '../../src/elaborate/resolveSettings.js';
import { evaluate, type Env } from '../../src/instantiate/evaluate.js';
import { evaluateSettings } from '../../src/instantiate/evaluateSettings.js';
import { SURFACE_OPS } from '../../src/ops/registry.js';
import { BN_BUILTIN, type BnSetting, type Setting, type Value } from '../../src/ops/types.js';
import { argsOf, at, compileText, expectDiagnostic, type DiagnosticCase } from '../fixtures/helpers.js';

interface Bind {
  /** Block parameters in scope, with the values they evaluate to. */
  params?: Record<string, Value>;
  /** Parameters bound from `in` (their filters are left alone by the width multiplier). */
  inDerived?: string[];
  /** `in` and `classes` where the op stands. */
  in?: number;
  classes?: number;
  base?: SettingExprs;
  bnBase?: BnSetting;
  /** Resolve as a `defaults` line (plain values refused). */
  defaults?: boolean;
}

function run(callText: string, options: Bind = {}) {
  const op = callText.split(/[\s(]/)[0]!;
  const scope = { params: new Set(Object.keys(options.params ?? {})), inDerived: new Set(options.inDerived ?? []) };
  return resolveSettings(
    op,
    argsOf(callText),
    scope,
    options.base ?? builtinSettings(op),
    bnConstant(options.bnBase ?? BN_BUILTIN, undefined),
    !options.defaults,
  );
}

/** Resolves the arguments of `callText` (e.g. `conv 64 3x3 /2`) for its op; throws on a diagnostic. */
function resolved(callText: string, options: Bind = {}): Resolved {
  const r = run(callText, options);
  if (!r.ok) throw new Error(`${r.diagnostic.code} ${r.diagnostic.message}`);
  return r.resolved;
}

function fail(callText: string, options: Bind = {}): Diagnostic {
  const r = run(callText, options);
  if (r.ok) throw new Error(`expected '${callText}' to fail`);
  return r.diagnostic;
}

function envOf(options: Bind): Env {
  return {
    params: new Map(Object.entries(options.params ?? {})),
    in: options.in ?? 0,
    classes: options.classes ?? 0,
    index: 0,
  };
}

function valueOf(e: Expr, env: Env): Value {
  const r = evaluate(e, env);
  if (!r.ok) throw new Error(`${r.diagnostic.code} ${r.diagnostic.message}`);
  return r.value;
}

/**
 * A setting expression as the plain value it stands for, without type conversion: a scalar's
 * value, a pair as `[h, w]`, a BN attachment as its settings (null when off), `none` as null.
 */
function plain(s: SettingExpr | undefined, options: Bind = {}): unknown {
  if (s === undefined) return undefined;
  const env = envOf(options);
  switch (s.kind) {
    case 'none':
      return null;
    case 'scalar':
      return valueOf(s.expr, env);
    case 'pair':
      return [valueOf(s.items[0], env), valueOf(s.items[1], env)];
    case 'bn':
      return valueOf(s.on, env) === true
        ? {
            epsilon: valueOf(s.epsilon, env),
            momentum: valueOf(s.momentum, env),
            center: valueOf(s.center, env),
            scale: valueOf(s.scale, env),
          }
        : null;
  }
}

/** The settings of `callText` as plain values, by key. */
function bind(callText: string, options: Bind = {}): Map<string, unknown> {
  return new Map([...resolved(callText, options).settings].map(([k, s]) => [k, plain(s, options)]));
}

/** The settings of `callText` as instantiation sees them: evaluated and converted to their types. */
function concrete(callText: string, options: Bind = {}): Map<string, Setting> {
  const op = callText.split(/[\s(]/)[0]!;
  const r = evaluateSettings(op, resolved(callText, options).settings, envOf(options));
  if (!r.ok) throw new Error(`${r.diagnostic.code} ${r.diagnostic.message}`);
  return r.settings;
}

describe('resolveSettings: slots, sizes and strides', () => {
  it('fills slots in order from plain values; an integer kernel becomes a square when evaluated', () => {
    const s = bind('conv 64 3');
    expect(s.get('filters')).to.equal(64);
    expect(s.get('kernel')).to.equal(3);
    expect(resolved('conv 64 3').settings.get('kernel')?.kind).to.equal('scalar');
    expect(concrete('conv 64 3').get('kernel')).to.deep.equal([3, 3]);
  });

  it('fills the size setting and its slot from a size, leaving the first slot for the next value', () => {
    const s = bind('conv 64 1x7');
    expect(s.get('filters')).to.equal(64);
    expect(s.get('kernel')).to.deep.equal([1, 7]);
    const d = fail('conv 3x3 64');
    expect(d.code).to.equal('E0403');
    expect(d.message).to.equal("too many values for 'conv' (it takes filters, kernel)");
  });

  it('reads parenthesized argument lists and free arguments alike', () => {
    expect([...bind('conv(64, 3x3, /2, same)')]).to.deep.equal([...bind('conv 64 3x3 /2 same')]);
  });

  it('sets both strides from `/S` and a pool size from its slot', () => {
    expect(bind('conv 8 3x3 /2').get('stride')).to.deep.equal([2, 2]);
    const pool = bind('maxpool 3 /2');
    expect(pool.get('pool')).to.equal(3);
    expect(concrete('maxpool 3 /2').get('pool')).to.deep.equal([3, 3]);
    expect(pool.get('stride')).to.deep.equal([2, 2]);
    expect(bind('maxpool 3x3').get('stride')).to.equal(null);
    expect(resolved('maxpool 3x3').settings.get('stride')).to.deep.equal({ kind: 'none' });
  });

  it('keeps expressions in slots, evaluated with the environment', () => {
    const options: Bind = { params: { c7: 128 }, in: 192 };
    const twice = resolved('conv (c7 * 2) 1x1', options).settings.get('filters');
    expect(twice?.kind === 'scalar' ? twice.expr.kind : undefined).to.equal('binary');
    expect(plain(twice, options)).to.equal(256);
    expect(bind('conv in 1x1', options).get('filters')).to.equal(192);
    expect(resolved('conv in 1x1', options).settings.get('filters')).to.deep.include({ kind: 'scalar' });
    expect(bind('conv c7 1x1', options).get('filters')).to.equal(128);
    expect(bind('dense classes', { classes: 1000 }).get('units')).to.equal(1000);
  });

  it('reports surplus values, sizes and strides an op does not take', () => {
    const cases: Array<[string, string, string, string]> = [
      ['conv 8 1x1 9', 'E0403', "too many values for 'conv' (it takes filters, kernel)", '1:29'],
      ['flatten 3', 'E0403', "too many values for 'flatten' (it takes none)", '1:26'],
      ['dense 10 3x3', 'E0403', "'dense' takes no size", '1:27'],
      ['dropout 0.5 /2', 'E0403', "'dropout' takes no stride", '1:30'],
      ['conv 8 3x3x3', 'E0404', 'a kernel size has two numbers (e.g. 3x3), found 3x3x3', '1:25'],
      ['conv 8 3x3 stride=2x2x2', 'E0404', 'a size has two numbers (e.g. 3x3), found 2x2x2', '1:36'],
    ];
    for (const [text, code, message, where] of cases) {
      const d = fail(text);
      expect([d.code, d.message, at(d)], text).to.deep.equal([code, message, where]);
    }
    expect(fail('dense 10 3x3').hint).to.equal('usage: dense UNITS [act= | bias=]');
    expect(fail('conv 8 1x1 9').hint).to.equal(usageHint('conv'));
  });

  it('reports a required setting nobody set', () => {
    const conv = resolved('conv 3x3').settings;
    const d = missingRequired('conv', conv, argsOf('conv 3x3')[0]!.span);
    expect([d?.code, d?.message, d?.hint]).to.deep.equal(['E0403', "'conv' needs filters", usageHint('conv')]);
    expect(missingRequired('conv', resolved('conv 8 3x3').settings, argsOf('conv 8 3x3')[0]!.span)).to.equal(undefined);
  });
});

describe('resolveSettings: keys and words', () => {
  it('sets keys; type conversion (an integer is a square size) happens when evaluated', () => {
    const text = 'conv filters=8 kernel=3 stride=2x1 padding=same act=relu bias=false dilation=2';
    const keys = ['filters', 'kernel', 'stride', 'padding', 'act', 'bias', 'dilation'];
    const s = bind(text);
    expect(Object.fromEntries(keys.map((k) => [k, s.get(k)]))).to.deep.equal({
      filters: 8,
      kernel: 3,
      stride: [2, 1],
      padding: 'same',
      act: 'relu',
      bias: false,
      dilation: 2,
    });
    const c = concrete(text);
    expect(Object.fromEntries(keys.map((k) => [k, c.get(k)]))).to.deep.equal({
      filters: 8,
      kernel: [3, 3],
      stride: [2, 1],
      padding: 'same',
      act: 'relu',
      bias: false,
      dilation: [2, 2],
    });
  });

  it('sets flags from words; the last argument wins', () => {
    const s = bind('conv 8 1x1 relu same nobias tanh valid bias');
    expect([s.get('act'), s.get('padding'), s.get('bias')]).to.deep.equal(['tanh', 'valid', true]);
  });

  it('fills a slot from a bare parameter, and takes a word-valued parameter by key', () => {
    const options: Bind = { params: { n: 32, a: 'relu', t: true } };
    expect(bind('conv n 1x1', options).get('filters')).to.equal(32);
    expect(resolved('conv n 1x1', options).settings.get('filters')).to.deep.include({ kind: 'scalar' });
    // A bare parameter always fills a value slot, whatever it holds: here there is none left.
    const d = fail('conv 8 1x1 a', options);
    expect([d.code, d.message]).to.deep.equal(['E0403', "too many values for 'conv' (it takes filters, kernel)"]);
    expect(fail('conv 8 1x1 t', options).code).to.equal('E0403');
    expect(bind('conv 8 1x1 act=a', options).get('act')).to.equal('relu');
    expect(concrete('conv 8 1x1 act=a', options).get('act')).to.equal('relu');
  });

  it('refuses plain values in defaults but takes sizes, strides, words and keys', () => {
    const d = fail('conv 64', { defaults: true });
    expect([d.code, d.message, d.hint]).to.deep.equal([
      'E0403',
      'defaults take settings, not plain values',
      'write it as a key, e.g. filters=…',
    ]);
    const s = bind('conv 3x3 /2 same relu filters=64', { defaults: true });
    expect([s.get('kernel'), s.get('stride'), s.get('padding'), s.get('act'), s.get('filters')]).to.deep.equal([
      [3, 3],
      [2, 2],
      'same',
      'relu',
      64,
    ]);
  });

  it('starts from the base it is given (the op’s defaults line), arguments overriding it', () => {
    const base = resolved('conv 3x3 same relu', { defaults: true }).settings;
    const s = bind('conv 8 tanh', { base });
    expect([s.get('filters'), s.get('kernel'), s.get('padding'), s.get('act')]).to.deep.equal([
      8,
      [3, 3],
      'same',
      'tanh',
    ]);
  });

  it('records which argument set each setting', () => {
    const r = resolved('conv (in*2) 3x3', { in: 4 });
    expect(r.origins.get('filters')?.kind).to.equal('Positional');
    expect(r.origins.get('kernel')?.kind).to.equal('Positional');
    expect(r.origins.has('padding')).to.equal(false);
  });

  it('marks filters computed from `in` (directly or through a parameter bound from it) as fixed', () => {
    expect(resolved('conv (in*2) 3x3').fixedFilters).to.equal(true);
    expect(resolved('conv in 3x3').fixedFilters).to.equal(true);
    expect(resolved('conv 8 3x3').fixedFilters).to.equal(false);
    expect(resolved('conv c 1x1', { params: { c: 8 }, inDerived: ['c'] }).fixedFilters).to.equal(true);
    expect(resolved('conv c 1x1', { params: { c: 8 } }).fixedFilters).to.equal(false);
    expect(resolved('conv filters=(c // 2) 1x1', { params: { c: 8 }, inDerived: ['c'] }).fixedFilters).to.equal(true);
  });
});

describe('resolveSettings: batch normalization', () => {
  const houseBn: BnSetting = { epsilon: 0.01, momentum: 0.9, center: true, scale: true };

  it('attaches BN from the `batchnorm` defaults with `bn` or `bn=true`, and removes it with `nobn` or `bn=false`', () => {
    expect(bind('conv 8 1x1 bn', { bnBase: houseBn }).get('bn')).to.deep.equal(houseBn);
    expect(bind('conv 8 1x1 bn=true', { bnBase: houseBn }).get('bn')).to.deep.equal(houseBn);
    expect(bind('conv 8 1x1 bn nobn').get('bn')).to.equal(null);
    expect(resolved('conv 8 1x1 bn nobn').settings.get('bn')).to.deep.equal({ kind: 'none' });
    expect(bind('conv 8 1x1 bn bn=false').get('bn')).to.equal(null);
    expect(concrete('conv 8 1x1 bn bn=false').get('bn')).to.equal(null);
    expect(concrete('conv 8 1x1 bn', { bnBase: houseBn }).get('bn')).to.deep.equal(houseBn);
    expect(builtinSettings('conv').get('bn')).to.deep.equal({ kind: 'none' });
  });

  it('takes `bn=` from a parameter, decided when evaluated', () => {
    const on = { params: { b: true } };
    expect(bind('conv 8 1x1 bn=b', on).get('bn')).to.deep.equal(BN_BUILTIN);
    expect(bind('conv 8 1x1 bn=b', { params: { b: false } }).get('bn')).to.equal(null);
  });

  it('merges `bn(…)` over the op’s current BN, else over the `batchnorm` defaults', () => {
    expect(bind('conv 8 1x1 bn(scale=false)', { bnBase: houseBn }).get('bn')).to.deep.equal({
      ...houseBn,
      scale: false,
    });
    const base = new Map(builtinSettings('conv'));
    const baseBn: BnSetting = { epsilon: 0.001, momentum: 0.99, center: true, scale: false };
    base.set('bn', bnConstant(baseBn, undefined));
    expect(bind('conv 8 1x1 bn(center=false)', { base, bnBase: houseBn }).get('bn')).to.deep.equal({
      epsilon: 0.001,
      momentum: 0.99,
      center: false,
      scale: false,
    });
    // `bn` keeps the op's current BN (from its defaults line).
    expect(bind('conv 8 1x1 bn', { base, bnBase: houseBn }).get('bn')).to.deep.equal(baseBn);
    // Successive `bn(…)` calls build on each other.
    expect(bind('conv 8 1x1 bn(epsilon=0.5) bn(momentum=0.5)').get('bn')).to.deep.equal({
      ...BN_BUILTIN,
      epsilon: 0.5,
      momentum: 0.5,
    });
    // `bn(…)` settings may use parameters.
    expect(bind('conv 8 1x1 bn(epsilon=e)', { params: { e: 0.25 } }).get('bn')).to.deep.equal({
      ...BN_BUILTIN,
      epsilon: 0.25,
    });
  });

  it('refuses a size or stride for `bn=`', () => {
    for (const text of ['conv 8 1x1 bn=3x3', 'conv 8 1x1 bn=/2']) {
      const d = fail(text);
      expect([d.code, d.message, at(d)], text).to.deep.equal([
        'E0404',
        "'bn' is set with bn(…), nobn, bn=true or bn=false",
        '1:29',
      ]);
    }
  });

  it('makes BN attachments from batchnorm settings, and gives batchnorm Keras’s built-ins', () => {
    const bn: BnSetting = { epsilon: 1e-5, momentum: 0.5, center: false, scale: true };
    expect(plain(bnConstant(bn, undefined))).to.deep.equal(bn);
    const builtin = builtinSettings('batchnorm');
    expect(
      Object.fromEntries(['epsilon', 'momentum', 'center', 'scale'].map((k) => [k, plain(builtin.get(k))])),
    ).to.deep.equal(BN_BUILTIN);
  });
});

describe('resolveSettings: value types, checked at instantiation (through compile)', () => {
  const M = (stem: string) => `model M { input 8x8x3; stem { ${stem} } }`;
  const cases: DiagnosticCase[] = [
    {
      name: 'non-integer filters',
      source: M('conv 8.5 3x3'),
      code: 'E0404',
      at: '1:36',
      message: "'filters' of 'conv' expects an integer, found 8.5",
    },
    {
      name: 'activation as padding',
      source: M('conv 8 3x3 padding=relu'),
      code: 'E0404',
      at: '1:42',
      message: "'padding' of 'conv' expects same or valid, found 'relu'",
    },
    {
      name: 'padding as activation',
      source: M('conv 8 3x3 act=same'),
      code: 'E0404',
      at: '1:42',
      message: "'act' of 'conv' expects an activation (linear, relu",
    },
    {
      name: 'number as boolean',
      source: M('conv 8 3x3 bias=1'),
      code: 'E0404',
      at: '1:42',
      message: "'bias' of 'conv' expects true or false, found 1",
    },
    {
      name: 'fractional kernel',
      source: M('conv 8 3x3 kernel=2.5'),
      code: 'E0404',
      at: '1:42',
      message: "'kernel' of 'conv' expects a size such as 3x3 or an integer, found 2.5",
    },
    {
      name: 'word as rate',
      source: M('dropout rate=relu'),
      code: 'E0404',
      at: '1:39',
      message: "'rate' of 'dropout' expects a number, found 'relu'",
    },
    {
      name: 'number for bn=',
      source: M('conv 8 1x1 bn=3'),
      code: 'E0404',
      at: '1:42',
      message: "'bn' is set with bn(…), nobn, bn=true or bn=false",
    },
    {
      name: 'word in bn(…)',
      source: M('conv 8 1x1 bn(epsilon=relu)'),
      code: 'E0404',
      at: '1:53',
      message: "'epsilon' of 'batchnorm' expects a number, found 'relu'",
    },
    {
      // A bare parameter fills what its value fills: the activation, so the kernel is missing.
      name: 'parameter holding an activation where a size was meant',
      source: 'block B(a) { conv 8 a }\nmodel M { input 8x8x3; body { B(relu) } }',
      code: 'E0403',
      at: '1:14',
      message: "'conv' needs kernel",
    },
    {
      name: 'parameter holding a boolean bare',
      source: 'block B(t) { conv t 1x1 }\nmodel M { input 8x8x3; body { B(true) } }',
      code: 'E0404',
      at: '1:19',
      message: "parameter 't' holds a boolean, which 'conv' takes by no word",
    },
    {
      name: 'parameter holding a word by key where a number goes',
      source: 'block B(a) { conv filters=a 1x1 }\nmodel M { input 8x8x3; body { B(relu) } }',
      code: 'E0404',
      at: '1:19',
      message: "'filters' of 'conv' expects an integer, found 'relu'",
    },
  ];
  for (const row of cases) {
    it(`${row.code} ${row.name}`, () => {
      const r = compileText(row.source);
      expect(r.ok).to.equal(false);
      expectDiagnostic(r.diagnostics, row);
    });
  }

  it('accepts a parameter holding a word by key', () => {
    const r = compileText('block B(a) { conv 8 1x1 act=a }\nmodel M { input 8x8x3; body { B(tanh) } }');
    expect(r.ok, JSON.stringify(r.diagnostics)).to.equal(true);
    expect(r.ir!.layers.some((l) => JSON.stringify(l).includes('"tanh"'))).to.equal(true);
  });
});

describe('resolveSettings: op table', () => {
  it('gives every surface op a summary, required settings it can set, and built-ins of its keys', () => {
    expect(SURFACE_OPS.size).to.be.greaterThan(0);
    for (const [name, def] of SURFACE_OPS) {
      const spec = def.syntax;
      expect(def.name, name).to.equal(name);
      expect(def.summary, name).to.be.a('string').and.not.equal('');
      for (const r of spec.required) expect(spec.keys, `${name}.${r}`).to.have.property(r);
      for (const s of spec.slots) expect(spec.keys, `${name} slot ${s}`).to.have.property(s);
      if (spec.dims) expect(spec.slots, name).to.include(spec.dims);
      for (const k of Object.keys(spec.builtin)) expect(spec.keys, `${name} builtin ${k}`).to.have.property(k);
      for (const [word, [key]] of Object.entries(spec.flags))
        expect(spec.keys, `${name} flag ${word}`).to.have.property(key);
    }
  });

  it('writes usage lines from the table', () => {
    expect(usageHint('conv')).to.match(
      /^usage: conv FILTERS KxK \[\/S\] \[stride= \| padding= \| act= \| bias= \| bn= \| dilation=.*\]$/,
    );
    expect(usageHint('dropout')).to.equal('usage: dropout RATE');
    expect(usageHint('globalavgpool')).to.equal('usage: globalavgpool');
  });
});
