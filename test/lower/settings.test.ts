import { expect } from 'chai';
import type { Diagnostic } from '../../src/diagnostics/Diagnostic.js';
import type { Value } from '../../src/lower/evaluate.js';
import { BN_BUILTIN, OPS, type BnSetting } from '../../src/lower/opTable.js';
import { applyArgs, bnSettings, builtinSettings, toBn, usageHint, type Settings } from '../../src/lower/settings.js';
import { argsOf, at } from '../fixtures/helpers.js';

const NO_ENV = new Map<string, Value>();

interface Bind {
  env?: Map<string, Value>;
  base?: Settings;
  bnBase?: BnSetting;
  defaults?: boolean;
}

/** Binds the arguments of `callText` (e.g. `conv 64 3x3 /2`) for its op; throws on a diagnostic. */
function bind(callText: string, options: Bind = {}): Settings {
  const r = run(callText, options);
  if (!r.ok) throw new Error(`${r.diagnostic.code} ${r.diagnostic.message}`);
  return r.settings;
}

function fail(callText: string, options: Bind = {}): Diagnostic {
  const r = run(callText, options);
  if (r.ok) throw new Error(`expected '${callText}' to fail`);
  return r.diagnostic;
}

function run(callText: string, options: Bind) {
  const op = callText.split(/[\s(]/)[0]!;
  return applyArgs(op, argsOf(callText), options.env ?? NO_ENV, options.base ?? builtinSettings(op), options.bnBase ?? BN_BUILTIN, !options.defaults);
}

describe('settings: slots, sizes and strides', () => {
  it('fills slots in order from plain values', () => {
    const s = bind('conv 64 3');
    expect(s.get('filters')).to.equal(64);
    expect(s.get('kernel')).to.deep.equal([3, 3]);
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
    expect(pool.get('pool')).to.deep.equal([3, 3]);
    expect(pool.get('stride')).to.deep.equal([2, 2]);
    expect(bind('maxpool 3x3').get('stride')).to.equal(null);
  });

  it('evaluates expressions in slots with the environment', () => {
    const env = new Map<string, Value>([['in', 192], ['c7', 128]]);
    expect(bind('conv (c7 * 2) 1x1', { env }).get('filters')).to.equal(256);
    expect(bind('conv in 1x1', { env }).get('filters')).to.equal(192);
    expect(bind('conv c7 1x1', { env }).get('filters')).to.equal(128);
  });

  it('reports surplus values, sizes and strides an op does not take', () => {
    const cases: Array<[string, string, string]> = [
      ['conv 8 1x1 9', 'E0403', "too many values for 'conv' (it takes filters, kernel)"],
      ['flatten 3', 'E0403', "too many values for 'flatten' (it takes none)"],
      ['dense 10 3x3', 'E0403', "'dense' takes no size"],
      ['dropout 0.5 /2', 'E0403', "'dropout' takes no stride"],
      ['conv 8 3x3x3', 'E0404', 'a kernel size has two numbers (e.g. 3x3), found 3x3x3'],
    ];
    for (const [text, code, message] of cases) {
      const d = fail(text);
      expect([d.code, d.message], text).to.deep.equal([code, message]);
    }
    expect(fail('dense 10 3x3').hint).to.equal('usage: dense UNITS [act= | bias=]');
  });
});

describe('settings: keys and words', () => {
  it('sets keys with type conversion: an integer is a square size', () => {
    const s = bind('conv filters=8 kernel=3 stride=2x1 padding=same act=relu bias=false dilation=2');
    expect(Object.fromEntries(['filters', 'kernel', 'stride', 'padding', 'act', 'bias', 'dilation'].map((k) => [k, s.get(k)]))).to.deep.equal({
      filters: 8, kernel: [3, 3], stride: [2, 1], padding: 'same', act: 'relu', bias: false, dilation: [2, 2],
    });
  });

  it('sets flags from words; the last argument wins', () => {
    const s = bind('conv 8 1x1 relu same nobias tanh valid bias');
    expect([s.get('act'), s.get('padding'), s.get('bias')]).to.deep.equal(['tanh', 'valid', true]);
  });

  it('fills a slot from a parameter holding a number and refuses a bare parameter holding a word', () => {
    const env = new Map<string, Value>([['n', 32], ['a', 'relu'], ['t', true]]);
    expect(bind('conv n 1x1', { env }).get('filters')).to.equal(32);
    const d = fail('conv 8 1x1 a', { env });
    expect([d.code, d.message, d.hint]).to.deep.equal(['E0404', 'parameter \'a\' holds "relu", not a number', 'pass words by key, e.g. act=a']);
    expect(fail('conv 8 1x1 t', { env }).code).to.equal('E0404');
    expect(bind('conv 8 1x1 act=a', { env }).get('act')).to.equal('relu');
  });

  it('reports values of the wrong type with the key, the op and the value', () => {
    const cases: Array<[string, string]> = [
      ['conv 8.5 3x3', "'filters' of 'conv' expects an integer, found 8.5"],
      ['conv 8 3x3 padding=relu', "'padding' of 'conv' expects same or valid, found 'relu'"],
      ['conv 8 3x3 act=same', "'act' of 'conv' expects an activation (linear, relu"],
      ['conv 8 3x3 bias=1', "'bias' of 'conv' expects true or false, found 1"],
      ['conv 8 3x3 kernel=2.5', "'kernel' of 'conv' expects a size such as 3x3 or an integer, found 2.5"],
      ['dropout rate=relu', "'rate' of 'dropout' expects a number, found 'relu'"],
    ];
    for (const [text, message] of cases) {
      const d = fail(text);
      expect(d.code, text).to.equal('E0404');
      expect(d.message, text).to.include(message);
    }
  });

  it('reports unknown keys and words with suggestions, pointing at them', () => {
    const key = fail('conv 8 3x3 strid=2');
    expect([key.code, key.message, key.hint, at(key)]).to.deep.equal(['E0405', "'conv' has no setting 'strid'", "did you mean 'stride'?", '1:29']);
    const noNear = fail('flatten zzz=1');
    expect(noNear.hint).to.equal('usage: flatten');
    const word = fail('conv 8 3x3 rleu');
    expect([word.code, word.message, word.hint]).to.deep.equal(['E0406', "unknown word 'rleu' for 'conv'", "did you mean 'relu'?"]);
    expect(fail('maxpool 3x3 zzzz').hint).to.equal('usage: maxpool KxK [/S] [stride= | padding=]');
  });

  it('refuses plain values in defaults but takes sizes, strides, words and keys', () => {
    const d = fail('conv 64', { defaults: true });
    expect([d.code, d.message, d.hint]).to.deep.equal(['E0403', 'defaults take settings, not plain values', 'write it as a key, e.g. filters=…']);
    const s = bind('conv 3x3 /2 same relu filters=64', { defaults: true });
    expect([s.get('kernel'), s.get('stride'), s.get('padding'), s.get('act'), s.get('filters')]).to.deep.equal([[3, 3], [2, 2], 'same', 'relu', 64]);
  });

  it('records which argument set each setting', () => {
    const r = run('conv (in*2) 3x3', { env: new Map([['in', 4]]) });
    if (!r.ok) throw new Error(r.diagnostic.message);
    expect(r.origins.get('filters')?.kind).to.equal('Positional');
    expect(r.origins.get('kernel')?.kind).to.equal('Positional');
    expect(r.origins.has('padding')).to.equal(false);
  });
});

describe('settings: batch normalization', () => {
  const houseBn: BnSetting = { epsilon: 0.01, momentum: 0.9, center: true, scale: true };

  it('attaches BN from the `batchnorm` defaults with `bn` or `bn=true`, and removes it with `nobn` or `bn=false`', () => {
    expect(bind('conv 8 1x1 bn', { bnBase: houseBn }).get('bn')).to.deep.equal(houseBn);
    expect(bind('conv 8 1x1 bn=true', { bnBase: houseBn }).get('bn')).to.deep.equal(houseBn);
    expect(bind('conv 8 1x1 bn nobn').get('bn')).to.equal(null);
    expect(bind('conv 8 1x1 bn bn=false').get('bn')).to.equal(null);
    expect(builtinSettings('conv').get('bn')).to.equal(null);
  });

  it('merges `bn(…)` over the op’s current BN, else over the `batchnorm` defaults', () => {
    expect(bind('conv 8 1x1 bn(scale=false)', { bnBase: houseBn }).get('bn')).to.deep.equal({ ...houseBn, scale: false });
    const base = builtinSettings('conv');
    base.set('bn', { epsilon: 0.001, momentum: 0.99, center: true, scale: false });
    expect(bind('conv 8 1x1 bn(center=false)', { base, bnBase: houseBn }).get('bn')).to.deep.equal({ epsilon: 0.001, momentum: 0.99, center: false, scale: false });
    // `bn` keeps the op's current BN (from its defaults line).
    expect(bind('conv 8 1x1 bn', { base, bnBase: houseBn }).get('bn')).to.deep.equal(base.get('bn'));
    // Successive `bn(…)` calls build on each other.
    expect(bind('conv 8 1x1 bn(epsilon=0.5) bn(momentum=0.5)').get('bn')).to.deep.equal({ ...BN_BUILTIN, epsilon: 0.5, momentum: 0.5 });
  });

  it('reports bad BN forms', () => {
    expect(fail('conv 8 1x1 bn=3').message).to.equal("'bn' is set with bn(…), nobn, bn=true or bn=false");
    const key = fail('conv 8 1x1 bn(epsilom=1)');
    expect([key.code, key.message, key.hint]).to.deep.equal(['E0405', "'batchnorm' has no setting 'epsilom'", "did you mean 'epsilon'?"]);
    expect(fail('conv 8 1x1 bn(epsilon=relu)').code).to.equal('E0404');
    const option = fail('dense 8 bn(epsilon=1)');
    expect([option.code, option.message]).to.deep.equal(['E0405', "'dense' takes no option 'bn(…)'"]);
    expect(fail('conv 8 1x1 bm(epsilon=1)').hint).to.equal("did you mean 'bn'?");
  });

  it('converts between BN attachments and batchnorm settings', () => {
    const bn: BnSetting = { epsilon: 1e-5, momentum: 0.5, center: false, scale: true };
    expect(toBn(bnSettings(bn))).to.deep.equal(bn);
    expect(toBn(builtinSettings('batchnorm'))).to.deep.equal(BN_BUILTIN);
  });
});

describe('settings: op table', () => {
  it('gives every op a summary, required settings it can set, and built-ins of its keys', () => {
    for (const [name, spec] of Object.entries(OPS)) {
      expect(spec.summary, name).to.be.a('string').and.not.equal('');
      for (const r of spec.required) expect(spec.keys, `${name}.${r}`).to.have.property(r);
      for (const s of spec.slots) expect(spec.keys, `${name} slot ${s}`).to.have.property(s);
      if (spec.dims) expect(spec.slots, name).to.include(spec.dims);
      for (const k of Object.keys(spec.builtin)) expect(spec.keys, `${name} builtin ${k}`).to.have.property(k);
      for (const [word, [key]] of Object.entries(spec.flags)) expect(spec.keys, `${name} flag ${word}`).to.have.property(key);
    }
  });

  it('writes usage lines from the table', () => {
    expect(usageHint('conv')).to.match(/^usage: conv FILTERS KxK \[\/S\] \[stride= \| padding= \| act= \| bias= \| bn= \| dilation=.*\]$/);
    expect(usageHint('dropout')).to.equal('usage: dropout RATE');
    expect(usageHint('globalavgpool')).to.equal('usage: globalavgpool');
  });
});
