import type { Span } from '../diagnostics/Span.js';
import { VALUE_WORDS } from '../ops/words.js';
import type * as A from '../syntax/ast.js';
import { ACTIVATIONS } from '../ops/types.js';
import type { Expr, ValueKind } from './ModuleIR.js';

/** The names an expression can see where it is written. */
export interface NameScope {
  /** Parameters of the enclosing block (or, for a default, those declared before it). */
  params: ReadonlySet<string>;
}

/**
 * An AST expression as a typed module-IR expression. Names resolve to a parameter, `in`,
 * `classes`, a boolean or — where `words` allows — an activation, padding or factorization word.
 * The checker has already reported every other name (E0302), so none reaches here.
 */
export function toExpr(e: A.Expr, scope: NameScope, words = true): Expr {
  switch (e.kind) {
    case 'Number':
      return { kind: 'const', value: e.value, span: e.span };
    case 'Name':
      return nameExpr(e.name, e.span, scope, words);
    case 'Unary':
      return { kind: 'neg', operand: toExpr(e.operand, scope, false), span: e.span };
    case 'Binary':
      return {
        kind: 'binary',
        op: e.op,
        left: toExpr(e.left, scope, false),
        right: toExpr(e.right, scope, false),
        span: e.span,
      };
  }
}

/** A bare word as an expression (a parameter, `in`, `classes`, `true`, a value word). */
export function nameExpr(name: string, span: Span, scope: NameScope, words = true): Expr {
  if (scope.params.has(name)) return { kind: 'param', name, span };
  if (name === 'in') return { kind: 'in', span };
  if (name === 'classes') return { kind: 'classes', span };
  if (name === 'true' || name === 'false') return { kind: 'const', value: name === 'true', span };
  if (words && VALUE_WORDS.has(name)) return { kind: 'const', value: name, span };
  throw new Error(`internal: unresolved name '${name}' passed the checker`);
}

const ACTIVATION_WORDS: ReadonlySet<string> = new Set(ACTIVATIONS);

/** What an expression holds, given what the parameters it may name hold. */
export function kindOf(e: Expr, kinds: ReadonlyMap<string, ValueKind>): ValueKind {
  switch (e.kind) {
    case 'const':
      if (typeof e.value === 'number') return 'number';
      if (typeof e.value === 'boolean') return 'bool';
      if (ACTIVATION_WORDS.has(e.value)) return 'activation';
      return e.value === 'same' || e.value === 'valid' ? 'padding' : 'factorization';
    case 'param':
      return kinds.get(e.name) ?? 'number';
    default:
      return 'number';
  }
}

/** `a + b`, folded when both are numbers (names such as `conv3` stay readable in generated code). */
export function plus(a: Expr, b: Expr): Expr {
  if (a.kind === 'const' && b.kind === 'const' && typeof a.value === 'number' && typeof b.value === 'number') {
    return { kind: 'const', value: a.value + b.value, span: a.span };
  }
  if (b.kind === 'const' && b.value === 0) return a;
  if (a.kind === 'const' && a.value === 0) return b;
  return { kind: 'binary', op: '+', left: a, right: b, span: a.span };
}

/** A number at a span. */
export function num(value: number, span: Span): Expr {
  return { kind: 'const', value, span };
}

/** Whether an expression mentions `in`, or a parameter bound from it (`derived`). */
export function mentionsIn(e: A.Value, derived: ReadonlySet<string>): boolean {
  switch (e.kind) {
    case 'Name':
      return e.name === 'in' || derived.has(e.name);
    case 'Binary':
      return mentionsIn(e.left, derived) || mentionsIn(e.right, derived);
    case 'Unary':
      return mentionsIn(e.operand, derived);
    default:
      return false;
  }
}

/** Whether an argument is computed from `in` (directly or through a parameter bound from it). */
export function argMentionsIn(arg: A.Arg, derived: ReadonlySet<string>): boolean {
  return arg.kind === 'Word' ? arg.name.name === 'in' || derived.has(arg.name.name) : mentionsIn(arg.value, derived);
}

/**
 * The parameters of `block` that a call binds from `in` (given the caller's own such names), by
 * argument or by default. The width multiplier leaves counts computed from them alone: they
 * already carry the scaled width.
 */
export function inDerivedParams(call: A.CallStmt, block: A.BlockDef, outer: ReadonlySet<string>): Set<string> {
  const derived = new Set<string>();
  const given = new Set<string>();
  let position = 0;
  for (const arg of call.args) {
    const key = arg.kind === 'Keyword' ? arg.key.name : block.params[position++]?.name.name;
    if (key === undefined) continue;
    given.add(key);
    if (argMentionsIn(arg, outer)) derived.add(key);
  }
  for (const p of block.params) {
    if (!given.has(p.name.name) && p.default && mentionsIn(p.default, derived)) derived.add(p.name.name);
  }
  return derived;
}
