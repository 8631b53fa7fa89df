import type { Expr, Name, SettingExpr } from '../../elaborate/ModuleIR.js';
import { aliasSeries } from '../../instantiate/seriesName.js';
import { ACTIVATIONS, tfjsActivationName, type SettingKind } from '../../ops/types.js';
import { stringLiteral, templateText } from './tsText.js';

/** How the names an expression uses are spelled where it is printed. */
export interface Spelling {
  param(name: string): string;
  /** Code of `in` here. */
  in: string;
  /** Code of the repeat index here. */
  index: string;
}

const ACTIVATION_SET: ReadonlySet<string> = new Set(ACTIVATIONS);

/** A language value as TypeScript (activation words in tfjs's spelling). */
export function valueCode(v: number | string | boolean): string {
  if (typeof v === 'string') return stringLiteral(ACTIVATION_SET.has(v) ? tfjsActivationName(v) : v);
  return String(v);
}

/** An expression as TypeScript with the language's meaning (`//` floors, `%` is floored). */
export function exprCode(e: Expr, sp: Spelling, nested = false): string {
  switch (e.kind) {
    case 'const':
      return typeof e.value === 'number' && e.value < 0 && nested ? `(${e.value})` : valueCode(e.value);
    case 'param':
      return sp.param(e.name);
    case 'in':
      return sp.in;
    case 'classes':
      return 'b.classes';
    case 'index':
      return sp.index;
    case 'neg':
      return `-${exprCode(e.operand, sp, true)}`;
    case 'binary': {
      const a = exprCode(e.left, sp, true);
      const b = exprCode(e.right, sp, true);
      const text =
        e.op === '//'
          ? `Math.floor(${a} / ${b})`
          : e.op === '%'
            ? `${a} - ${b} * Math.floor(${a} / ${b})`
            : `${a} ${e.op} ${b}`;
      return nested && e.op !== '//' ? `(${text})` : text;
    }
  }
}

/** A setting as TypeScript for a key of `kind` (an integer where a size goes means a square). */
export function settingCode(s: SettingExpr, kind: SettingKind, sp: Spelling): string {
  switch (s.kind) {
    case 'none':
      return 'null';
    case 'pair':
      return `[${exprCode(s.items[0], sp)}, ${exprCode(s.items[1], sp)}]`;
    case 'scalar': {
      const code = exprCode(s.expr, sp);
      return kind === 'size' ? `[${code}, ${code}]` : code;
    }
    case 'bn': {
      const bn = `{ epsilon: ${exprCode(s.epsilon, sp)}, momentum: ${exprCode(s.momentum, sp)}, center: ${exprCode(s.center, sp)}, scale: ${exprCode(s.scale, sp)} }`;
      if (s.on.kind === 'const') return s.on.value === true ? bn : 'null';
      return `${exprCode(s.on, sp, true)} ? ${bn} : null`;
    }
  }
}

/** A layer name as TypeScript: a string literal, or a template literal when parts are computed. */
export function nameCode(name: Name, sp: Spelling, prefix = 'name'): string {
  let text = '';
  let plain = '';
  let computed = false;
  for (const part of name) {
    if (part.kind === 'text') plain += part.text;
    if (part.kind === 'series' && part.times.kind === 'const' && part.times.value === 1) plain += part.alias;
    if (part.kind === 'number' && part.expr.kind === 'const') plain += String(part.expr.value);
    switch (part.kind) {
      case 'text':
        text += templateText(part.text);
        break;
      case 'prefix':
        text += `\${${prefix}}`;
        computed = true;
        break;
      case 'number':
        if (part.expr.kind === 'const') text += String(part.expr.value);
        else {
          text += `\${${exprCode(part.expr, sp)}}`;
          computed = true;
        }
        break;
      case 'series':
        text += seriesText(part.alias, part.times, sp);
        computed ||= part.times.kind !== 'const' || part.times.value !== 1;
        break;
      case 'auto':
        text += `\${b.instance(${stringLiteral(part.base)})}`;
        computed = true;
        break;
    }
  }
  if (text === `\${${prefix}}`) return prefix;
  // A name that is one computed part is that part's code (`b.instance("r")`, not a template of it).
  const whole = /^\$\{([^`]*)\}$/.exec(text);
  if (whole && name.length === 1 && name[0]!.kind === 'auto') return whole[1]!;
  return computed ? `\`${text}\`` : stringLiteral(plain);
}

/** The i-th name of a repeated `as` name, as template text; the rule picked when the count is known. */
function seriesText(alias: string, times: Expr, sp: Spelling): string {
  if (times.kind !== 'const' || typeof times.value !== 'number') {
    return `\${b.series(${stringLiteral(alias)}, ${exprCode(times, sp)}, ${sp.index})}`;
  }
  const series = aliasSeries(alias, times.value);
  switch (series.kind) {
    case 'single':
      return templateText(series.name);
    case 'digits':
      return `${templateText(series.stem)}\${${series.start} + ${sp.index}}`;
    case 'letters':
      return `${templateText(series.stem)}\${String.fromCharCode(${series.first} + ${sp.index})}`;
    case 'suffix':
      return `${templateText(series.stem)}_\${${sp.index} + 1}`;
  }
}
