import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import type { OpSyntax } from '../ops/OpDef.js';
import { SURFACE_OPS } from '../ops/registry.js';
import type { BnSetting, Setting } from '../ops/types.js';
import { OPTION_CALLS } from '../ops/words.js';
import type * as A from '../syntax/ast.js';
import type { Expr, SettingExpr, ValueKind } from './ModuleIR.js';
import { argMentionsIn, nameExpr, toExpr, type NameScope } from './toExpr.js';

/** Settings of one op as expressions, by name. */
export type SettingExprs = Map<string, SettingExpr>;

/** Resolved settings, and whether the filters come from `in` (the width multiplier skips them). */
export interface Resolved {
  settings: SettingExprs;
  fixedFilters: boolean;
  /** The argument that set each setting (`factorize` in defaults is refused by it). */
  origins: Map<string, A.Arg>;
}

/** The syntax of a surface op. */
export function syntaxOf(op: string): OpSyntax {
  const def = SURFACE_OPS.get(op);
  if (!def) throw new Error(`internal: unknown op '${op}' passed the checker`);
  return def.syntax;
}

/** A setting's built-in value as an expression. */
export function constantSetting(value: Setting, span: A.Arg['span'] | undefined): SettingExpr {
  if (value === null) return { kind: 'none' };
  const at = span ?? NOWHERE;
  if (Array.isArray(value))
    return {
      kind: 'pair',
      items: [
        { kind: 'const', value: value[0], span: at },
        { kind: 'const', value: value[1], span: at },
      ],
      span,
    };
  if (typeof value === 'object') return bnConstant(value, span);
  return { kind: 'scalar', expr: { kind: 'const', value, span: at }, span };
}

/** A BN attachment with constant settings. */
export function bnConstant(bn: BnSetting, span: A.Arg['span'] | undefined): SettingExpr & { kind: 'bn' } {
  const at = span ?? NOWHERE;
  const c = (value: number | boolean): Expr => ({ kind: 'const', value, span: at });
  return {
    kind: 'bn',
    on: c(true),
    epsilon: c(bn.epsilon),
    momentum: c(bn.momentum),
    center: c(bn.center),
    scale: c(bn.scale),
    span,
  };
}

const BUILTINS = new Map<string, ReadonlyMap<string, SettingExpr>>();

/** The built-in settings of a surface op (one shared map per op: it is only ever copied). */
export function builtinSettings(op: string): ReadonlyMap<string, SettingExpr> {
  let settings = BUILTINS.get(op);
  if (settings === undefined) {
    settings = new Map(Object.entries(syntaxOf(op).builtin).map(([k, v]) => [k, constantSetting(v, undefined)]));
    BUILTINS.set(op, settings);
  }
  return settings;
}

/** The setting a bare parameter of each word kind sets (numbers fill value slots). */
const WORD_SETTING: Readonly<Record<ValueKind, string | undefined>> = {
  number: undefined,
  activation: 'act',
  padding: 'padding',
  factorization: 'factorize',
  bool: '',
};

const KIND_NAMES: Readonly<Record<ValueKind, string>> = {
  number: 'a number',
  activation: 'an activation',
  padding: 'a padding',
  factorization: 'a factorization',
  bool: 'a boolean',
};

const NOWHERE = {
  file: '<built-in>',
  start: { offset: 0, line: 1, column: 1 },
  end: { offset: 0, line: 1, column: 1 },
};

/**
 * Applies `args` over `base` for a surface op: plain values fill the op's slots in order, sizes
 * and strides fill their settings, words set flags (or, when they name a parameter or `in`,
 * fill the next slot), `key=value` sets a key, `bn(…)` attaches batch normalization merged over
 * the current BN settings (or `bnBase`). Values stay expressions; instantiation evaluates and
 * type-checks them. Problems the checker cannot see (too many values, a size where none fits) are
 * returned as a diagnostic.
 */
export function resolveSettings(
  op: string,
  args: readonly A.Arg[],
  scope: NameScope & { inDerived: ReadonlySet<string>; kinds?: ReadonlyMap<string, ValueKind> },
  base: ReadonlyMap<string, SettingExpr>,
  bnBase: SettingExpr & { kind: 'bn' },
  allowSlots = true,
): { ok: true; resolved: Resolved } | { ok: false; diagnostic: Diagnostic } {
  const spec = syntaxOf(op);
  // Copied with forEach: a Map built from a Map goes through its iterator, an object per entry.
  const settings: SettingExprs = new Map();
  base.forEach((value, key) => settings.set(key, value));
  const origins = new Map<string, A.Arg>();
  let slot = 0;
  const fillSlot = (value: SettingExpr, arg: A.Arg): Diagnostic | undefined => {
    if (!allowSlots)
      return error(
        'E0403',
        'defaults take settings, not plain values',
        arg.span,
        `write it as a key, e.g. ${spec.slots[0] ?? 'key'}=…`,
      );
    const name = spec.slots[slot];
    if (name === undefined) {
      return error(
        'E0403',
        `too many values for '${op}' (it takes ${spec.slots.length === 0 ? 'none' : spec.slots.join(', ')})`,
        arg.span,
        usageHint(op),
      );
    }
    slot++;
    set(name, value, arg);
    return undefined;
  };
  const set = (key: string, value: SettingExpr, arg: A.Arg) => {
    settings.set(key, value);
    origins.set(key, arg);
  };
  const currentBn = (): SettingExpr & { kind: 'bn' } => {
    const now = settings.get('bn');
    return now?.kind === 'bn' ? now : bnBase;
  };
  for (const arg of args) {
    let problem: Diagnostic | undefined;
    switch (arg.kind) {
      case 'Positional': {
        const v = arg.value;
        if (v.kind === 'Dims') {
          if (!spec.dims) problem = error('E0403', `'${op}' takes no size`, arg.span, usageHint(op));
          else if (v.dims.length !== 2)
            problem = error(
              'E0404',
              `a ${spec.dims} size has two numbers (e.g. 3x3), found ${v.dims.join('x')}`,
              arg.span,
            );
          else {
            set(spec.dims, pairOf(v.dims[0]!, v.dims[1]!, arg.span), arg);
            // A size fills the kernel slot, so a later plain value is not taken for it.
            const at = spec.slots.indexOf(spec.dims);
            if (at >= slot) slot = at + 1;
          }
        } else if (v.kind === 'Stride') {
          if (!spec.stride) problem = error('E0403', `'${op}' takes no stride`, arg.span, usageHint(op));
          else set(spec.stride, pairOf(v.value, v.value, arg.span), arg);
        } else {
          problem = fillSlot({ kind: 'scalar', expr: toExpr(v, scope, false), span: arg.span }, arg);
        }
        break;
      }
      case 'Keyword': {
        const key = arg.key.name;
        if (!(key in spec.keys)) throw new Error(`internal: unknown key '${key}' of '${op}' passed the checker`);
        if (spec.keys[key] === 'bn') {
          if (arg.value.kind === 'Dims' || arg.value.kind === 'Stride') {
            problem = error('E0404', "'bn' is set with bn(…), nobn, bn=true or bn=false", arg.span);
            break;
          }
          set('bn', { ...currentBn(), on: toExpr(arg.value, scope), span: arg.span }, arg);
          break;
        }
        const v = arg.value;
        if (v.kind === 'Dims') {
          if (v.dims.length !== 2)
            problem = error('E0404', `a size has two numbers (e.g. 3x3), found ${v.dims.join('x')}`, v.span);
          else set(key, pairOf(v.dims[0]!, v.dims[1]!, arg.span), arg);
        } else if (v.kind === 'Stride') set(key, pairOf(v.value, v.value, arg.span), arg);
        else set(key, { kind: 'scalar', expr: toExpr(v, scope), span: arg.span }, arg);
        break;
      }
      case 'Word': {
        const word = arg.name.name;
        if (arg.args) {
          const target = OPTION_CALLS[word];
          if (!target || !(word in spec.keys))
            throw new Error(`internal: option '${word}(…)' of '${op}' passed the checker`);
          const prior = currentBn();
          const inner = resolveSettings(
            target,
            arg.args,
            scope,
            new Map([
              ['epsilon', scalar(prior.epsilon)],
              ['momentum', scalar(prior.momentum)],
              ['center', scalar(prior.center)],
              ['scale', scalar(prior.scale)],
            ]),
            bnBase,
            false,
          );
          if (!inner.ok) return inner;
          const s = inner.resolved.settings;
          const e = (k: string) => (s.get(k) as SettingExpr & { kind: 'scalar' }).expr;
          set(
            'bn',
            {
              kind: 'bn',
              on: { kind: 'const', value: true, span: arg.span },
              epsilon: e('epsilon'),
              momentum: e('momentum'),
              center: e('center'),
              scale: e('scale'),
              span: arg.span,
            },
            arg,
          );
          break;
        }
        if (word === 'bn' && 'bn' in spec.keys) {
          set('bn', { ...currentBn(), on: { kind: 'const', value: true, span: arg.span }, span: arg.span }, arg);
          break;
        }
        if (scope.params.has(word) || word === 'in' || word === 'classes') {
          // A bare parameter fills what the value it holds fills: a number a value slot, an
          // activation word the activation, and so on — as the word itself would.
          const kind = scope.kinds?.get(word) ?? 'number';
          const value: SettingExpr = { kind: 'scalar', expr: nameExpr(word, arg.span, scope, false), span: arg.span };
          const key = WORD_SETTING[kind];
          if (key === undefined) problem = fillSlot(value, arg);
          else if (key in spec.keys) set(key, value, arg);
          else {
            problem = error(
              'E0404',
              `parameter '${word}' holds ${KIND_NAMES[kind]}, which '${op}' takes by no word`,
              arg.span,
              kind === 'bool' ? `pass a flag by key, e.g. bias=${word}` : usageHint(op),
            );
          }
          break;
        }
        const flag = spec.flags[word];
        if (!flag) throw new Error(`internal: unknown word '${word}' of '${op}' passed the checker`);
        set(flag[0], flag[0] === 'bn' && flag[1] === null ? { kind: 'none' } : constantSetting(flag[1], arg.span), arg);
        break;
      }
    }
    if (problem) return { ok: false, diagnostic: problem };
  }
  const origin = origins.get('filters');
  return {
    ok: true,
    resolved: { settings, origins, fixedFilters: origin !== undefined && argMentionsIn(origin, scope.inDerived) },
  };
}

/** The E0403 for a required setting nobody set, or undefined. */
export function missingRequired(op: string, settings: SettingExprs, span: A.Arg['span']): Diagnostic | undefined {
  const key = syntaxOf(op).required.find((k) => (settings.get(k) ?? { kind: 'none' }).kind === 'none');
  return key === undefined ? undefined : error('E0403', `'${op}' needs ${key}`, span, usageHint(op));
}

/** "usage: conv FILTERS KxK [/S] …" */
export function usageHint(op: string): string {
  const spec = syntaxOf(op);
  const parts = [op, ...spec.slots.filter((s) => s !== spec.dims).map((s) => s.toUpperCase())];
  if (spec.dims) parts.push('KxK');
  if (spec.stride) parts.push('[/S]');
  const keys = Object.keys(spec.keys).filter((k) => !spec.slots.includes(k));
  if (keys.length > 0) parts.push(`[${keys.join('= | ')}=]`);
  return `usage: ${parts.join(' ')}`;
}

function pairOf(h: number, w: number, span: A.Arg['span']): SettingExpr {
  return {
    kind: 'pair',
    items: [
      { kind: 'const', value: h, span },
      { kind: 'const', value: w, span },
    ],
    span,
  };
}

function scalar(expr: Expr): SettingExpr {
  return { kind: 'scalar', expr, span: expr.span };
}
