import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { BN_BUILTIN } from '../ops/types.js';
import type * as A from '../syntax/ast.js';
import type { Expr, SettingExpr } from './ModuleIR.js';
import { bnConstant, builtinSettings, resolveSettings, type SettingExprs } from './resolveSettings.js';

/** A model's `defaults`, resolved: what every op starts from before its own arguments. */
export interface HouseStyle {
  /** Settings per surface op (only kinds the `defaults` names; others use their built-ins). */
  defaults: Map<string, SettingExprs>;
  /** What a bare `bn` attaches: `batchnorm:` defaults over Keras's. */
  bn: SettingExpr & { kind: 'bn' };
  /** A residual block's activation unless it names one: the `conv:` line's, else relu. */
  act: Expr;
}

/**
 * Resolves the `defaults` section. `batchnorm:` goes first, so a conv's `bn(…)` builds on it;
 * a later line for the same op builds on an earlier one. A default may use `classes`.
 */
export function houseStyle(
  model: A.ModelNode,
): { ok: true; style: HouseStyle } | { ok: false; diagnostic: Diagnostic } {
  const span = model.defaults?.span ?? model.name.span;
  const style: HouseStyle = {
    defaults: new Map(),
    bn: bnConstant(BN_BUILTIN, undefined),
    act: { kind: 'const', value: 'relu', span },
  };
  const items = [...(model.defaults?.items ?? [])].sort(
    (a, b) => Number(b.op.name === 'batchnorm') - Number(a.op.name === 'batchnorm'),
  );
  for (const item of items) {
    const op = item.op.name;
    const r = resolveSettings(
      op,
      item.args,
      { params: new Set(), inDerived: new Set() },
      style.defaults.get(op) ?? builtinSettings(op),
      style.bn,
      false,
    );
    if (!r.ok) return r;
    // Factorizing is a choice about one conv: as a default it would hit every 1x1 as well.
    const factorize = r.resolved.origins.get('factorize');
    if (factorize)
      return {
        ok: false,
        diagnostic: error(
          'E0405',
          '`factorize` is set per conv, not in defaults',
          factorize.span,
          'write it on the convs to factorize: `conv 64 5x5 factorize`',
        ),
      };
    const s = r.resolved.settings;
    style.defaults.set(op, s);
    if (op === 'batchnorm') {
      const e = (k: string) => (s.get(k) as SettingExpr & { kind: 'scalar' }).expr;
      style.bn = {
        kind: 'bn',
        on: { kind: 'const', value: true, span: item.span },
        epsilon: e('epsilon'),
        momentum: e('momentum'),
        center: e('center'),
        scale: e('scale'),
        span: item.span,
      };
    }
    const act = s.get('act');
    if (op === 'conv' && r.resolved.origins.has('act') && act?.kind === 'scalar') style.act = act.expr;
  }
  return { ok: true, style };
}
