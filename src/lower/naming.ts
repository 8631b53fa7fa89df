import type * as A from '../syntax/ast.js';

/** How the instances of `Block x N as alias` are named. */
export type AliasSeries =
  | { kind: 'single'; name: string }
  | { kind: 'digits'; stem: string; start: number }
  | { kind: 'letters'; stem: string; first: number }
  | { kind: 'suffix'; stem: string };

/**
 * The naming rule for repeated instances, shared by lowering and the TypeScript emitter:
 * a trailing number counts up (`mixed1` → mixed1, mixed2), a letter after a digit counts in
 * letters as TF-slim's scopes do (`mixed_5b` → mixed_5b, mixed_5c), anything else gets `_1`, `_2`.
 */
export function aliasSeries(alias: string, times: number): AliasSeries {
  if (times === 1) return { kind: 'single', name: alias };
  const digits = /^(.*?)(\d+)$/.exec(alias);
  if (digits) return { kind: 'digits', stem: digits[1]!, start: Number(digits[2]) };
  const letter = /^(.*\d)([a-z])$/.exec(alias);
  if (letter && letter[2]!.charCodeAt(0) + times - 1 <= 'z'.charCodeAt(0)) return { kind: 'letters', stem: letter[1]!, first: letter[2]!.charCodeAt(0) };
  return { kind: 'suffix', stem: alias };
}

/** The i-th (0-based) name of a series. */
export function seriesName(series: AliasSeries, i: number): string {
  switch (series.kind) {
    case 'single':
      return series.name;
    case 'digits':
      return `${series.stem}${series.start + i}`;
    case 'letters':
      return `${series.stem}${String.fromCharCode(series.first + i)}`;
    case 'suffix':
      return `${series.stem}_${i + 1}`;
  }
}

/** `ReductionA` → `reduction_a`: the base of an unnamed instance's name. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/**
 * Whether an argument is computed from `in` — directly, or through a block parameter that was
 * itself bound from `in` (`derived`). The width multiplier leaves such counts alone: they already
 * carry the scaled width.
 */
export function mentionsIn(arg: A.Arg, derived: ReadonlySet<string> = new Set()): boolean {
  return arg.kind === 'Word' ? arg.name.name === 'in' || derived.has(arg.name.name) : valueMentionsIn(arg.value, derived);
}

function valueMentionsIn(e: A.Value, derived: ReadonlySet<string>): boolean {
  switch (e.kind) {
    case 'Name':
      return e.name === 'in' || derived.has(e.name);
    case 'Binary':
      return valueMentionsIn(e.left, derived) || valueMentionsIn(e.right, derived);
    case 'Unary':
      return valueMentionsIn(e.operand, derived);
    default:
      return false;
  }
}

/**
 * The parameters of `block` that a call binds from `in` (given the caller's own such names), by
 * argument or by default — shared by lowering and the emitter so both apply `--width` alike.
 */
export function inDerivedParams(call: A.CallStmt, block: A.BlockDef, outer: ReadonlySet<string>): Set<string> {
  const derived = new Set<string>();
  const given = new Set<string>();
  let position = 0;
  for (const arg of call.args) {
    const key = arg.kind === 'Keyword' ? arg.key.name : block.params[position++]?.name.name;
    if (key === undefined) continue;
    given.add(key);
    if (mentionsIn(arg, outer)) derived.add(key);
  }
  for (const p of block.params) {
    if (!given.has(p.name.name) && p.default && valueMentionsIn(p.default, derived)) derived.add(p.name.name);
  }
  return derived;
}
