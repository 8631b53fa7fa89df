import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { arithmetic } from '../elaborate/arithmetic.js';
import type { Expr } from '../elaborate/ModuleIR.js';
import type { Value } from '../ops/types.js';

/** What an expression sees when it is evaluated. */
export interface Env {
  params: ReadonlyMap<string, Value>;
  /** Channels of `in` where the expression stands. */
  in: number;
  classes: number;
  /** The index of the repeat being instantiated. */
  index: number;
}

/** A value, or the diagnostic that explains why there is none. */
export type Evaluated = { ok: true; value: Value } | { ok: false; diagnostic: Diagnostic };

/**
 * Evaluates a module-IR expression. Arithmetic on a word is E0401; division by zero and
 * non-finite results are E0402, at the operator.
 */
export function evaluate(e: Expr, env: Env): Evaluated {
  switch (e.kind) {
    case 'const':
      return { ok: true, value: e.value };
    case 'param': {
      const v = env.params.get(e.name);
      if (v === undefined) throw new Error(`internal: parameter '${e.name}' has no value`);
      return { ok: true, value: v };
    }
    case 'in':
      return { ok: true, value: env.in };
    case 'classes':
      return { ok: true, value: env.classes };
    case 'index':
      return { ok: true, value: env.index };
    case 'neg': {
      const v = number(e.operand, env);
      return v.ok ? { ok: true, value: -v.value } : v;
    }
    case 'binary': {
      const a = number(e.left, env);
      if (!a.ok) return a;
      const b = number(e.right, env);
      if (!b.ok) return b;
      const r = arithmetic(e.op, a.value, b.value);
      if (typeof r === 'number') return { ok: true, value: r };
      return {
        ok: false,
        diagnostic: error('E0402', r === 'division by zero' ? 'division by zero' : 'the value is too large', e.span),
      };
    }
  }
}

function number(e: Expr, env: Env): { ok: true; value: number } | { ok: false; diagnostic: Diagnostic } {
  const v = evaluate(e, env);
  if (!v.ok) return v;
  if (typeof v.value !== 'number')
    return { ok: false, diagnostic: error('E0401', `expected a number, found ${JSON.stringify(v.value)}`, e.span) };
  return { ok: true, value: v.value };
}
