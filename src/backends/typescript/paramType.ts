import type { ValueKind } from '../../elaborate/ModuleIR.js';

const TYPES: Readonly<Record<ValueKind, string>> = {
  number: 'number',
  activation: 'Activation',
  padding: '"same" | "valid"',
  factorization: '"stacked" | "asymmetric"',
  bool: 'boolean',
};

/** The TypeScript type of a block parameter that holds `kind` (`Activation` comes from the runtime). */
export function paramType(kind: ValueKind): string {
  return TYPES[kind];
}
