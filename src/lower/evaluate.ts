import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import type * as A from '../syntax/ast.js';

/** A value in the language: a number, a word (`relu`, `same`) or a boolean. */
export type Value = number | string | boolean | Symbolic;

/**
 * A value known only when the emitted TypeScript runs (a block parameter, `in`, `classes`):
 * `code` is the TypeScript expression that computes it. Lowering never sees one; the emitter
 * binds names to these to reuse the same argument binding.
 */
export interface Symbolic {
  symbolic: string;
}

/** True for a value that only exists in emitted code. */
export function isSymbolic(v: unknown): v is Symbolic {
  return typeof v === 'object' && v !== null && 'symbolic' in v;
}

/** Names visible to an expression: block parameters, `in`, `classes`. */
export type Env = ReadonlyMap<string, Value>;

/** Result of evaluating: a value, or the diagnostic that explains why not. */
export type Evaluated = { ok: true; value: Value } | { ok: false; diagnostic: Diagnostic };

const WORD_CONSTANTS: Record<string, Value> = { true: true, false: false };

/**
 * Evaluates an expression. Names resolve through `env`; a name that is not bound evaluates to
 * itself as a word only when `words` says it is a word the caller understands (an activation, a
 * padding), otherwise it is an unknown-name error with a suggestion.
 */
export function evaluate(expr: A.Expr, env: Env, words: ReadonlySet<string> = new Set()): Evaluated {
  switch (expr.kind) {
    case 'Number':
      return { ok: true, value: expr.value };
    case 'Name': {
      const bound = env.get(expr.name);
      if (bound !== undefined) return { ok: true, value: bound };
      if (expr.name in WORD_CONSTANTS) return { ok: true, value: WORD_CONSTANTS[expr.name]! };
      if (words.has(expr.name)) return { ok: true, value: expr.name };
      return {
        ok: false,
        diagnostic: error('E0302', `unknown name '${expr.name}'`, expr.span, didYouMean(expr.name, [...env.keys(), ...words]) ?? describeNames(env)),
      };
    }
    case 'Unary': {
      const v = evaluate(expr.operand, env, words);
      if (!v.ok) return v;
      if (isSymbolic(v.value)) return { ok: true, value: { symbolic: `-${v.value.symbolic}` } };
      if (typeof v.value !== 'number') return notNumber(expr.operand, v.value);
      return { ok: true, value: -v.value };
    }
    case 'Binary': {
      const l = evaluate(expr.left, env, words);
      if (!l.ok) return l;
      const r = evaluate(expr.right, env, words);
      if (!r.ok) return r;
      if (isSymbolic(l.value) || isSymbolic(r.value)) return symbolicBinary(expr, l.value, r.value);
      if (typeof l.value !== 'number') return notNumber(expr.left, l.value);
      if (typeof r.value !== 'number') return notNumber(expr.right, r.value);
      const a = l.value;
      const b = r.value;
      if ((expr.op === '/' || expr.op === '//' || expr.op === '%') && b === 0) {
        return { ok: false, diagnostic: error('E0402', 'division by zero', expr.span) };
      }
      const value = expr.op === '+' ? a + b
        : expr.op === '-' ? a - b
        : expr.op === '*' ? a * b
        : expr.op === '/' ? a / b
        : expr.op === '//' ? Math.floor(a / b)
        : a - b * Math.floor(a / b);
      if (!Number.isFinite(value)) return { ok: false, diagnostic: error('E0402', 'the value is too large', expr.span) };
      return { ok: true, value };
    }
  }
}

/** TypeScript for a binary operation with the language's meaning (`//` floors, `%` is floored). */
function symbolicBinary(expr: A.BinaryExpr, l: Value, r: Value): Evaluated {
  const code = (v: Value) => (isSymbolic(v) ? v.symbolic : typeof v === 'string' ? JSON.stringify(v) : String(v));
  const a = code(l);
  const b = code(r);
  const text = expr.op === '//' ? `Math.floor(${a} / ${b})`
    : expr.op === '%' ? `(${a} - ${b} * Math.floor(${a} / ${b}))`
    : `(${a} ${expr.op} ${b})`;
  return { ok: true, value: { symbolic: text } };
}

function notNumber(expr: A.Expr, value: Value): Evaluated {
  return { ok: false, diagnostic: error('E0401', `expected a number, found ${isSymbolic(value) ? value.symbolic : JSON.stringify(value)}`, expr.span) };
}

function describeNames(env: Env): string | undefined {
  const names = [...env.keys()];
  return names.length > 0 ? `names here: ${names.join(', ')}` : undefined;
}
