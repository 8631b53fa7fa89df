import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import { ACTIVATIONS } from '../ir/ir.js';
import type * as A from '../syntax/ast.js';
import { evaluate, isSymbolic, type Env, type Value } from './evaluate.js';
import { BN_BUILTIN, OPS, OPTION_CALLS, VALUE_WORDS, type BnSetting, type OpSpec, type Setting, type SettingKind } from './opTable.js';

/** Settings of one op, by name. */
export type Settings = Map<string, Setting>;

const ACTIVATION_SET: ReadonlySet<string> = new Set(ACTIVATIONS);
const PADDING_SET: ReadonlySet<string> = new Set(['same', 'valid']);

/**
 * Applies `args` on top of `base` for an op of kind `opName`: plain values fill the op's slots in
 * order, sizes and strides fill their settings, words set flags (or, when they name a value in
 * `env`, fill the next slot), `key=value` sets a key, `bn(…)` attaches batch normalization
 * merged over `bnBase`. The first problem is returned as a diagnostic.
 */
export function applyArgs(opName: string, args: readonly A.Arg[], env: Env, base: Settings, bnBase: BnSetting, allowSlots = true): { ok: true; settings: Settings; origins: Map<string, A.Arg> } | { ok: false; diagnostic: Diagnostic } {
  const spec = OPS[opName]!;
  const settings: Settings = new Map(base);
  // Which argument set each setting: the width multiplier leaves `in`-derived filters alone.
  const origins = new Map<string, A.Arg>();
  let current: A.Arg | undefined;
  let slot = 0;
  const fillSlot = (value: Value, span: A.Arg['span']): Diagnostic | undefined => {
    if (!allowSlots) return error('E0403', `defaults take settings, not plain values`, span, `write it as a key, e.g. ${spec.slots[0] ?? 'key'}=…`);
    const name = spec.slots[slot];
    if (name === undefined) {
      return error('E0403', `too many values for '${opName}' (it takes ${spec.slots.length === 0 ? 'none' : spec.slots.join(', ')})`, span, usageHint(opName, spec));
    }
    slot++;
    return set(name, value, span);
  };
  const set = (key: string, value: Value | [number, number], span: A.Arg['span']): Diagnostic | undefined => {
    const kind = spec.keys[key]!;
    const converted = convert(kind, value);
    if (converted === undefined) {
      return error('E0404', `'${key}' of '${opName}' expects ${describeKind(kind)}, found ${describeValue(value)}`, span);
    }
    settings.set(key, converted);
    if (current) origins.set(key, current);
    return undefined;
  };
  for (const arg of args) {
    current = arg;
    let problem: Diagnostic | undefined;
    switch (arg.kind) {
      case 'Positional': {
        const v = arg.value;
        if (v.kind === 'Dims') {
          if (!spec.dims) problem = error('E0403', `'${opName}' takes no size`, arg.span, usageHint(opName, spec));
          else if (v.dims.length !== 2) problem = error('E0404', `a ${spec.dims} size has two numbers (e.g. 3x3), found ${v.dims.join('x')}`, arg.span);
          else problem = set(spec.dims, [v.dims[0]!, v.dims[1]!], arg.span);
          // A size fills the kernel slot, so a later plain value is not taken for it.
          if (!problem && spec.slots.indexOf(spec.dims!) >= slot) slot = spec.slots.indexOf(spec.dims!) + 1;
        } else if (v.kind === 'Stride') {
          if (!spec.stride) problem = error('E0403', `'${opName}' takes no stride`, arg.span, usageHint(opName, spec));
          else problem = set(spec.stride, [v.value, v.value], arg.span);
        } else {
          const r = evaluate(v, env);
          problem = r.ok ? fillSlot(r.value, arg.span) : r.diagnostic;
        }
        break;
      }
      case 'Keyword': {
        const key = arg.key.name;
        if (!(key in spec.keys)) {
          problem = error('E0405', `'${opName}' has no setting '${key}'`, arg.key.span, didYouMean(key, Object.keys(spec.keys)) ?? usageHint(opName, spec));
          break;
        }
        const kind = spec.keys[key]!;
        if (kind === 'bn') {
          const r = arg.value.kind === 'Name' || arg.value.kind === 'Number' ? evaluate(arg.value, env) : undefined;
          if (r?.ok && r.value === false) settings.set('bn', null);
          else if (r?.ok && r.value === true) settings.set('bn', { ...(settings.get('bn') as BnSetting | null ?? bnBase) });
          else problem = error('E0404', `'bn' is set with bn(…), nobn, bn=true or bn=false`, arg.span);
          break;
        }
        const value = valueOf(arg.value, env);
        problem = value.ok ? set(key, value.value, arg.span) : value.diagnostic;
        break;
      }
      case 'Word': {
        const word = arg.name.name;
        if (arg.args) {
          const target = OPTION_CALLS[word];
          if (!target || !(word in spec.keys)) {
            problem = error('E0405', `'${opName}' takes no option '${word}(…)'`, arg.name.span, didYouMean(word, Object.keys(OPTION_CALLS).filter((k) => k in spec.keys)));
            break;
          }
          const prior = settings.get('bn') as BnSetting | null | undefined;
          const inner = applyArgs(target, arg.args, env, bnSettings(prior ?? bnBase), BN_BUILTIN, false);
          if (!inner.ok) return inner;
          settings.set('bn', toBn(inner.settings));
          break;
        }
        if (word === 'bn' && 'bn' in spec.keys) {
          const prior = settings.get('bn') as BnSetting | null | undefined;
          settings.set('bn', { ...(prior ?? bnBase) });
          break;
        }
        const bound = env.get(word);
        if (bound !== undefined) {
          // A bare parameter always fills a value slot, so what it means is known from the text
          // alone (the TypeScript emitter relies on it); words pass through `key=param`.
          if (typeof bound === 'string' || typeof bound === 'boolean') {
            problem = error('E0404', `parameter '${word}' holds ${JSON.stringify(bound)}, not a number`, arg.span, `pass words by key, e.g. act=${word}`);
          } else {
            problem = fillSlot(bound, arg.span);
          }
          break;
        }
        const flag = spec.flags[word];
        if (flag) {
          settings.set(flag[0], flag[1]);
          origins.set(flag[0], arg);
          break;
        }
        problem = error('E0406', `unknown word '${word}' for '${opName}'`, arg.span, didYouMean(word, [...Object.keys(spec.flags), ...env.keys()]) ?? usageHint(opName, spec));
        break;
      }
    }
    if (problem) return { ok: false, diagnostic: problem };
  }
  return { ok: true, settings, origins };
}

/** The initial settings of an op kind: its built-ins. */
export function builtinSettings(opName: string): Settings {
  return new Map(Object.entries(OPS[opName]!.builtin));
}

/** Settings map for `batchnorm` from a BN attachment. */
export function bnSettings(bn: BnSetting): Settings {
  return new Map<string, Setting>([['epsilon', bn.epsilon], ['momentum', bn.momentum], ['center', bn.center], ['scale', bn.scale]]);
}

/** A BN attachment from `batchnorm` settings. */
export function toBn(s: Settings): BnSetting {
  return {
    epsilon: s.get('epsilon') as number,
    momentum: s.get('momentum') as number,
    center: s.get('center') as boolean,
    scale: s.get('scale') as boolean,
  };
}

/** "usage: conv FILTERS KxK [/S] …" */
export function usageHint(opName: string, spec: OpSpec = OPS[opName]!): string {
  const parts = [opName, ...spec.slots.filter((s) => s !== spec.dims).map((s) => s.toUpperCase())];
  if (spec.dims) parts.push('KxK');
  if (spec.stride) parts.push('[/S]');
  const keys = Object.keys(spec.keys).filter((k) => !spec.slots.includes(k));
  if (keys.length > 0) parts.push(`[${keys.join('= | ')}=]`);
  return `usage: ${parts.join(' ')}`;
}

function valueOf(value: A.Value, env: Env): { ok: true; value: Value | [number, number] } | { ok: false; diagnostic: Diagnostic } {
  if (value.kind === 'Dims') {
    if (value.dims.length !== 2) return { ok: false, diagnostic: error('E0404', `a size has two numbers (e.g. 3x3), found ${value.dims.join('x')}`, value.span) };
    return { ok: true, value: [value.dims[0]!, value.dims[1]!] };
  }
  if (value.kind === 'Stride') return { ok: true, value: [value.value, value.value] };
  const r = evaluate(value, env, VALUE_WORDS);
  return r.ok ? { ok: true, value: r.value } : r;
}

function convert(kind: SettingKind, value: Value | [number, number]): Setting | undefined {
  // Emitted code computes it; TypeScript's types check it there. A size from one number is square.
  if (isSymbolic(value)) return kind === 'size' ? { symbolic: `[${value.symbolic}, ${value.symbolic}]` } : value;
  switch (kind) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
    case 'number':
      return typeof value === 'number' ? value : undefined;
    case 'size':
      if (Array.isArray(value)) return value;
      return typeof value === 'number' && Number.isInteger(value) ? [value, value] : undefined;
    case 'padding':
      return typeof value === 'string' && PADDING_SET.has(value) ? value : undefined;
    case 'activation':
      return typeof value === 'string' && ACTIVATION_SET.has(value) ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'bn':
      return undefined;
    case 'factorize':
      return value === 'stacked' || value === 'asymmetric' ? value : undefined;
  }
}

function describeKind(kind: SettingKind): string {
  switch (kind) {
    case 'int': return 'an integer';
    case 'number': return 'a number';
    case 'size': return 'a size such as 3x3 or an integer';
    case 'padding': return 'same or valid';
    case 'activation': return `an activation (${ACTIVATIONS.join(', ')})`;
    case 'bool': return 'true or false';
    case 'bn': return 'bn(…)';
    case 'factorize': return 'stacked or asymmetric';
  }
}

function describeValue(value: Value | [number, number]): string {
  if (Array.isArray(value)) return value.join('x');
  if (isSymbolic(value)) return value.symbolic;
  return typeof value === 'string' ? `'${value}'` : String(value);
}
