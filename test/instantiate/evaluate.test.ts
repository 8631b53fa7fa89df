import { expect } from 'chai';
import type { Diagnostic } from '../../src/diagnostics/Diagnostic.js';
import type { Expr } from '../../src/elaborate/ModuleIR.js';
import { toExpr } from '../../src/elaborate/toExpr.js';
import { evaluate, type Env } from '../../src/instantiate/evaluate.js';
import type { Value } from '../../src/ops/types.js';
import { at, exprOf } from '../fixtures/helpers.js';

/** What an expression sees: parameters by name, and `in`, `classes` and the repeat index. */
interface Scope {
  params?: Record<string, Value>;
  in?: number;
  classes?: number;
  index?: number;
}

function envOf(scope: Scope): Env {
  return {
    params: new Map(Object.entries(scope.params ?? {})),
    in: scope.in ?? 0,
    classes: scope.classes ?? 0,
    index: scope.index ?? 0,
  };
}

/** Source text as a module-IR expression, its names resolved against the scope's parameters. */
function exprFrom(text: string, scope: Scope = {}): Expr {
  return toExpr(exprOf(text), { params: new Set(Object.keys(scope.params ?? {})) });
}

/** Evaluates source text; throws with the diagnostic when it fails. */
function value(text: string, scope: Scope = {}): Value {
  const r = evaluate(exprFrom(text, scope), envOf(scope));
  if (!r.ok) throw new Error(`${r.diagnostic.code} ${r.diagnostic.message}`);
  return r.value;
}

function failure(text: string, scope: Scope = {}): Diagnostic {
  const r = evaluate(exprFrom(text, scope), envOf(scope));
  if (r.ok) throw new Error(`expected ${text} to fail, got ${JSON.stringify(r.value)}`);
  return r.diagnostic;
}

describe('instantiate/evaluate: arithmetic', () => {
  const cases: Array<[string, number]> = [
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['2 * 3 % 4', 2],
    ['7 / 2', 3.5],
    ['7 // 2', 3],
    ['-7 // 2', -4],
    ['7 % 3', 1],
    ['-7 % 3', 2],
    ['7 % -3', -2],
    ['7.5 // 2', 3],
    ['--3', 3],
    ['-(2 + 3) * 2', -10],
    ['0.1 + 0.2', 0.1 + 0.2],
    ['1e3 / 8', 125],
    ['192 // 2 // 2', 48],
  ];
  for (const [text, expected] of cases) {
    it(`${text} = ${expected}`, () => {
      expect(value(text)).to.equal(expected);
    });
  }

  it('keeps `/` true division and `//` floor division apart', () => {
    expect(value('in / 5', { in: 192 })).to.equal(38.4);
    expect(value('in // 5', { in: 192 })).to.equal(38);
  });
});

describe('instantiate/evaluate: names', () => {
  const scope: Scope = { in: 192, classes: 1000, params: { c7: 128, act: 'relu' } };

  it('reads parameters, `in` and `classes` from the environment', () => {
    expect(value('c7 * 2 + in', scope)).to.equal(448);
    expect(value('classes', scope)).to.equal(1000);
    expect(value('act', scope)).to.equal('relu');
  });

  it('reads the repeat index from the environment', () => {
    const span = exprOf('0').span;
    const e: Expr = {
      kind: 'binary',
      op: '*',
      left: { kind: 'index', span },
      right: { kind: 'const', value: 2, span },
      span,
    };
    expect(evaluate(e, envOf({ index: 3 }))).to.deep.equal({ ok: true, value: 6 });
  });

  it('reads `true` and `false` as booleans unless a parameter shadows them', () => {
    expect(value('true')).to.equal(true);
    expect(value('false')).to.equal(false);
    expect(value('true', { params: { true: 3 } })).to.equal(3);
  });

  it('reads a value word as itself, and prefers a parameter of that name', () => {
    expect(value('same')).to.equal('same');
    expect(value('relu', { params: { relu: 4 } })).to.equal(4);
  });

  it('leaves unknown names to the checker (E0302): one reaching toExpr is an internal error', () => {
    // Operands of arithmetic never read value words, so `relu` is unresolved there.
    expect(() => exprFrom('relu + 1')).to.throw(/internal: unresolved name 'relu'/);
    expect(() => exprFrom('2 * c8', scope)).to.throw(/internal: unresolved name 'c8'/);
  });
});

describe('instantiate/evaluate: errors', () => {
  const cases: Array<{ text: string; params?: Record<string, Value>; code: string; message: string; at: string }> = [
    // E0401: arithmetic on a word or a boolean, pointing at the operand.
    { text: 'a * 2', params: { a: 'relu' }, code: 'E0401', message: 'expected a number, found "relu"', at: '1:23' },
    { text: '2 + a', params: { a: 'relu' }, code: 'E0401', message: 'expected a number, found "relu"', at: '1:27' },
    { text: '-a', params: { a: 'relu' }, code: 'E0401', message: 'expected a number, found "relu"', at: '1:24' },
    { text: 'true + 1', code: 'E0401', message: 'expected a number, found true', at: '1:23' },
    // E0402: division and modulo by zero, over the whole operation.
    { text: '1 / 0', code: 'E0402', message: 'division by zero', at: '1:23' },
    { text: '1 // 0', code: 'E0402', message: 'division by zero', at: '1:23' },
    { text: '1 % 0', code: 'E0402', message: 'division by zero', at: '1:23' },
    { text: '4 / (2 - 2)', code: 'E0402', message: 'division by zero', at: '1:23' },
    // E0402: a non-finite result.
    { text: '1e308 * 10', code: 'E0402', message: 'the value is too large', at: '1:23' },
    { text: '-1e308 - 1e308', code: 'E0402', message: 'the value is too large', at: '1:23' },
    // The first failing operand, left to right.
    // The span of a parenthesised expression takes in its parentheses.
    { text: '(1 / 0) + a', params: { a: 'relu' }, code: 'E0402', message: 'division by zero', at: '1:23' },
    {
      text: 'a + (1 / 0)',
      params: { a: 'relu' },
      code: 'E0401',
      message: 'expected a number, found "relu"',
      at: '1:23',
    },
  ];
  for (const row of cases) {
    it(`${row.text}: ${row.code} ${row.message}`, () => {
      const d = failure(row.text, { params: row.params ?? {} });
      expect([d.code, d.message, at(d)]).to.deep.equal([row.code, row.message, row.at]);
      expect(d.severity).to.equal('error');
    });
  }
});
