import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import type { Span } from '../diagnostics/Span.js';
import type { Expr, SettingExpr } from '../elaborate/ModuleIR.js';
import { SURFACE_OPS } from '../ops/registry.js';
import { ACTIVATIONS, type Setting, type SettingKind, type Value } from '../ops/types.js';
import { evaluate, type Env } from './evaluate.js';

const ACTIVATION_SET: ReadonlySet<string> = new Set(ACTIVATIONS);

/**
 * Evaluates an op's settings and checks each against the type its key takes (E0404 at the
 * argument that set it): integers, numbers, sizes (an integer means a square), paddings,
 * activations, booleans, factorizations and BN attachments.
 */
export function evaluateSettings(
  op: string,
  settings: ReadonlyMap<string, SettingExpr>,
  env: Env,
): { ok: true; settings: Map<string, Setting> } | { ok: false; diagnostic: Diagnostic } {
  const keys = SURFACE_OPS.get(op)!.syntax.keys;
  const out = new Map<string, Setting>();
  // Keys, then values: iterating entries makes a pair per setting of every op instance.
  for (const key of settings.keys()) {
    const r = evaluateSetting(op, key, keys[key] ?? 'number', settings.get(key)!, env);
    if (!r.ok) return r;
    out.set(key, r.value);
  }
  return { ok: true, settings: out };
}

function evaluateSetting(
  op: string,
  key: string,
  kind: SettingKind,
  s: SettingExpr,
  env: Env,
): { ok: true; value: Setting } | { ok: false; diagnostic: Diagnostic } {
  switch (s.kind) {
    case 'none':
      return { ok: true, value: null };
    case 'pair': {
      const h = evaluate(s.items[0], env);
      if (!h.ok) return h;
      const w = evaluate(s.items[1], env);
      if (!w.ok) return w;
      if (kind !== 'size') return wrongKind(op, key, kind, s.span, `${String(h.value)}x${String(w.value)}`);
      return { ok: true, value: [h.value as number, w.value as number] };
    }
    case 'scalar':
      return scalar(op, key, kind, s.expr, s.span, env);
    case 'bn': {
      const on = evaluate(s.on, env);
      if (!on.ok) return on;
      if (typeof on.value !== 'boolean')
        return {
          ok: false,
          diagnostic: error('E0404', "'bn' is set with bn(…), nobn, bn=true or bn=false", s.span ?? s.on.span),
        };
      if (!on.value) return { ok: true, value: null };
      const epsilon = scalar('batchnorm', 'epsilon', 'number', s.epsilon, s.epsilon.span, env);
      if (!epsilon.ok) return epsilon;
      const momentum = scalar('batchnorm', 'momentum', 'number', s.momentum, s.momentum.span, env);
      if (!momentum.ok) return momentum;
      const center = scalar('batchnorm', 'center', 'bool', s.center, s.center.span, env);
      if (!center.ok) return center;
      const scale = scalar('batchnorm', 'scale', 'bool', s.scale, s.scale.span, env);
      if (!scale.ok) return scale;
      const bn = { epsilon: epsilon.value, momentum: momentum.value, center: center.value, scale: scale.value };
      return { ok: true, value: bn as unknown as Setting };
    }
  }
}

/** One value of `kind`. */
function scalar(
  op: string,
  key: string,
  kind: SettingKind,
  expr: Expr,
  span: Span | undefined,
  env: Env,
): { ok: true; value: Setting } | { ok: false; diagnostic: Diagnostic } {
  const v = evaluate(expr, env);
  if (!v.ok) return v;
  const converted = convert(kind, v.value);
  return converted === undefined
    ? wrongKind(op, key, kind, span, typeof v.value === 'string' ? `'${v.value}'` : String(v.value))
    : { ok: true, value: converted };
}

/** E0404 for a setting of the wrong type (a function, not a closure: settings are evaluated per layer). */
function wrongKind(op: string, key: string, kind: SettingKind, span: Span | undefined, found: string) {
  return {
    ok: false as const,
    diagnostic: error('E0404', `'${key}' of '${op}' expects ${describeKind(kind)}, found ${found}`, span),
  };
}

function convert(kind: SettingKind, value: Value): Setting | undefined {
  switch (kind) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
    case 'number':
      return typeof value === 'number' ? value : undefined;
    case 'size':
      return typeof value === 'number' && Number.isInteger(value) ? [value, value] : undefined;
    case 'padding':
      return value === 'same' || value === 'valid' ? value : undefined;
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

/** "an integer", "same or valid", … */
export function describeKind(kind: SettingKind): string {
  switch (kind) {
    case 'int':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'size':
      return 'a size such as 3x3 or an integer';
    case 'padding':
      return 'same or valid';
    case 'activation':
      return `an activation (${ACTIVATIONS.join(', ')})`;
    case 'bool':
      return 'true or false';
    case 'bn':
      return 'bn(…)';
    case 'factorize':
      return 'stacked or asymmetric';
  }
}
