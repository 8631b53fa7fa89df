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

/** Whether an argument is computed from `in` (the width multiplier leaves those alone). */
export function mentionsIn(arg: A.Arg): boolean {
  const expr = (e: A.Value): boolean => e.kind === 'Name' ? e.name === 'in'
    : e.kind === 'Binary' ? expr(e.left) || expr(e.right)
    : e.kind === 'Unary' ? expr(e.operand)
    : false;
  return arg.kind === 'Word' ? arg.name.name === 'in' : expr(arg.value);
}
