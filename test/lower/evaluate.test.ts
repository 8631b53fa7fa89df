import { expect } from 'chai';
import { evaluate, isSymbolic, type Env, type Evaluated, type Value } from '../../src/lower/evaluate.js';
import { at, exprOf } from '../fixtures/helpers.js';

/** Evaluates source text; throws with the diagnostic when it fails. */
function value(text: string, env: Env = new Map(), words?: ReadonlySet<string>): Value {
  const r = evaluate(exprOf(text), env, words);
  if (!r.ok) throw new Error(`${r.diagnostic.code} ${r.diagnostic.message}`);
  return r.value;
}

function failure(text: string, env: Env = new Map(), words?: ReadonlySet<string>): Extract<Evaluated, { ok: false }>['diagnostic'] {
  const r = evaluate(exprOf(text), env, words);
  if (r.ok) throw new Error(`expected ${text} to fail, got ${JSON.stringify(r.value)}`);
  return r.diagnostic;
}

describe('evaluate: arithmetic', () => {
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
    const env = new Map<string, Value>([['in', 192]]);
    expect(value('in / 5', env)).to.equal(38.4);
    expect(value('in // 5', env)).to.equal(38);
  });
});

describe('evaluate: names', () => {
  const env = new Map<string, Value>([['in', 192], ['classes', 1000], ['c7', 128], ['act', 'relu']]);

  it('reads parameters, `in` and `classes` from the environment', () => {
    expect(value('c7 * 2 + in', env)).to.equal(448);
    expect(value('classes', env)).to.equal(1000);
    expect(value('act', env)).to.equal('relu');
  });

  it('reads `true` and `false` as booleans unless a parameter shadows them', () => {
    expect(value('true')).to.equal(true);
    expect(value('false')).to.equal(false);
    expect(value('true', new Map([['true', 3]]))).to.equal(3);
  });

  it('reads a word the caller understands as itself, and prefers a bound name', () => {
    const words = new Set(['relu', 'same']);
    expect(value('same', new Map(), words)).to.equal('same');
    expect(value('relu', new Map([['relu', 4]]), words)).to.equal(4);
  });

  it('reports an unknown name at its span, suggesting a close name', () => {
    const d = failure('2 * c8', env);
    expect(d.code).to.equal('E0302');
    expect(d.message).to.equal("unknown name 'c8'");
    expect(at(d)).to.equal('1:27');
    expect(d.span!.end.column - d.span!.start.column).to.equal(2);
    expect(d.hint).to.equal("did you mean 'c7'?");
  });

  it('suggests among the words too, and lists the names in scope when nothing is close', () => {
    expect(failure('rleu', new Map(), new Set(['relu'])).hint).to.equal("did you mean 'relu'?");
    expect(failure('zzzzzz', env).hint).to.equal('names here: in, classes, c7, act');
    expect(failure('zzzzzz').hint).to.equal(undefined);
  });
});

describe('evaluate: errors', () => {
  it('refuses arithmetic on a word (E0401), pointing at the operand', () => {
    const env = new Map<string, Value>([['a', 'relu']]);
    for (const [text, col] of [['a * 2', '1:23'], ['2 + a', '1:27'], ['-a', '1:24']] as const) {
      const d = failure(text, env);
      expect(d.code, text).to.equal('E0401');
      expect(d.message).to.equal('expected a number, found "relu"');
      expect(at(d), text).to.equal(col);
    }
    expect(failure('true + 1').message).to.equal('expected a number, found true');
  });

  it('refuses division and modulo by zero (E0402) over the whole operation', () => {
    for (const text of ['1 / 0', '1 // 0', '1 % 0', '4 / (2 - 2)']) {
      const d = failure(text);
      expect(d.code, text).to.equal('E0402');
      expect(d.message).to.equal('division by zero');
      expect(at(d)).to.equal('1:23');
    }
  });

  it('refuses a non-finite result (E0402)', () => {
    expect(failure('1e308 * 10').message).to.equal('the value is too large');
    expect(failure('-1e308 - 1e308').code).to.equal('E0402');
  });

  it('stops at the first failing operand, left to right', () => {
    const d = failure('(1 / 0) + nope');
    expect(d.code).to.equal('E0402');
  });
});

describe('evaluate: symbolic values (the TypeScript emitter)', () => {
  it('builds code for arithmetic over a symbolic name, with the language’s floor semantics', () => {
    const env = new Map<string, Value>([['in', { symbolic: 'inC' }]]);
    const r = value('in // 2 + in % 3 - -in', env);
    expect(isSymbolic(r)).to.equal(true);
    const code = (r as { symbolic: string }).symbolic;
    // The code computes the same as the language for any width.
    const run = (inC: number) => Function('inC', `return ${code};`)(inC) as number;
    for (const w of [0, 1, 7, 192]) expect(run(w)).to.equal(Math.floor(w / 2) + (w - 3 * Math.floor(w / 3)) + w);
  });
});
