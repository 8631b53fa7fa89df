import type { SettingExpr } from '../../elaborate/ModuleIR.js';
import type { Setting, SettingKind } from '../../ops/types.js';

/** A setting's value when the spec fixes it — no parameter, `in`, `classes` or index in it. */
export function constantValue(s: SettingExpr, kind: SettingKind): Setting | undefined {
  switch (s.kind) {
    case 'none':
      return null;
    case 'pair': {
      const [h, w] = s.items;
      return h.kind === 'const' && w.kind === 'const' ? [h.value as number, w.value as number] : undefined;
    }
    case 'scalar':
      if (s.expr.kind !== 'const') return undefined;
      return kind === 'size' && typeof s.expr.value === 'number' ? [s.expr.value, s.expr.value] : s.expr.value;
    case 'bn':
      return undefined;
  }
}
