import type { OpNode, SettingExpr } from '../../elaborate/ModuleIR.js';
import type { PrintContext } from '../../ops/OpDef.js';
import { SURFACE_OPS } from '../../ops/registry.js';
import { constantValue } from './constantValue.js';
import { settingCode, type Spelling } from './printExpr.js';
import { stringLiteral, templateText } from './tsText.js';

/** What an op's printer is given about the op being printed. */
export interface PrintSite {
  /** The op (undefined when printing the module's defaults constant). */
  node: OpNode | undefined;
  op: string;
  x: string;
  name: string;
  spelling: Spelling;
  /** The module's `defaults` setting for this op, else its built-in. */
  defaultSetting(key: string): SettingExpr;
  /** Records a runtime helper the module imports and returns how the code names it. */
  helper(name: string): string;
}

/** The `PrintContext` an op's `print` reads: its settings as code, constants, names, options. */
export function printContext(site: PrintSite): PrintContext {
  const { node, op, x, name, spelling } = site;
  const syntax = SURFACE_OPS.get(op)!.syntax;
  const setting = (key: string): SettingExpr => node?.settings.get(key) ?? site.defaultSetting(key);
  const kind = (key: string) => syntax.keys[key] ?? 'number';
  return {
    x,
    name,
    nameWith: (suffix) =>
      name.startsWith('`')
        ? `${name.slice(0, -1)}${templateText(suffix)}\``
        : name === 'name'
          ? `\`\${name}${templateText(suffix)}\``
          : stringLiteral(`${JSON.parse(name) as string}${suffix}`),
    code: (key) => settingCode(setting(key), kind(key), spelling),
    constant: (key) => constantValue(setting(key), kind(key)),
    helper: (h) => site.helper(h),
    // Only what differs from the module's defaults constant is written out.
    options: (fields, defaults) => {
      const changed = Object.keys(fields)
        .filter((k) => fields[k] !== defaults[k])
        .map((k) => `${k}: ${fields[k]}`);
      if (node?.fixedFilters) changed.push('fixedFilters: true');
      return changed.length === 0 ? op.toUpperCase() : `{ ...${op.toUpperCase()}, ${changed.join(', ')} }`;
    },
    defaultsCode: (key) => settingCode(site.defaultSetting(key), kind(key), spelling),
  };
}
