import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import type { Activation } from '../ir/ir.js';
import type * as A from '../syntax/ast.js';
import type { Env } from './evaluate.js';
import { BN_BUILTIN, OPS, type BnSetting } from './opTable.js';
import { applyArgs, builtinSettings, toBn, type Settings } from './settings.js';

/** A model's `defaults`, resolved: what every op starts from before its own arguments. */
export interface HouseStyle {
  /** Settings per op kind (only kinds the `defaults` names; others use their built-ins). */
  defaults: Map<string, Settings>;
  /** What a bare `bn` attaches: `batchnorm:` defaults over Keras's. */
  bn: BnSetting;
  /** A residual block's activation unless it names one: the `conv:` line's, else relu. */
  act: Activation;
}

/**
 * Resolves the `defaults` section (shared by lowering and the TypeScript emitter, so both start
 * every op from the same settings). `batchnorm:` goes first, so a conv's `bn(…)` builds on it.
 * `env` gives the names a default may use (`classes`).
 */
export function houseStyle(model: A.ModelNode, env: Env): { ok: true; style: HouseStyle } | { ok: false; diagnostic: Diagnostic } {
  const style: HouseStyle = { defaults: new Map(), bn: BN_BUILTIN, act: 'relu' };
  const items = [...(model.defaults?.items ?? [])].sort((a, b) => Number(b.op.name === 'batchnorm') - Number(a.op.name === 'batchnorm'));
  for (const item of items) {
    const op = item.op.name;
    if (!(op in OPS)) return { ok: false, diagnostic: error('E0301', `unknown op '${op}' in defaults`, item.op.span, didYouMean(op, Object.keys(OPS))) };
    const r = applyArgs(op, item.args, env, style.defaults.get(op) ?? builtinSettings(op), style.bn, false);
    if (!r.ok) return r;
    // Factorizing is a choice about one conv: as a default it would hit every 1x1 as well.
    const factorize = r.origins.get('factorize');
    if (factorize) return { ok: false, diagnostic: error('E0405', '`factorize` is set per conv, not in defaults', factorize.span, 'write it on the convs to factorize: `conv 64 5x5 factorize`') };
    style.defaults.set(op, r.settings);
    if (op === 'batchnorm') style.bn = toBn(r.settings);
    if (op === 'conv' && r.origins.has('act')) style.act = r.settings.get('act') as Activation;
  }
  return { ok: true, style };
}
