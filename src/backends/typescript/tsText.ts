/**
 * Safe spelling of spec text inside emitted TypeScript: nothing a spec holds (names, comments,
 * strings, file names) may end a comment, a string or a template literal early.
 */

/** Words TypeScript reserves, plus the names emitted modules use themselves. */
const RESERVED = new Set([
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'as',
  'implements',
  'interface',
  'let',
  'package',
  'private',
  'protected',
  'public',
  'static',
  'yield',
  'any',
  'boolean',
  'constructor',
  'declare',
  'get',
  'module',
  'require',
  'number',
  'set',
  'string',
  'symbol',
  'type',
  'from',
  'of',
  'await',
  'async',
  'undefined',
  'NaN',
  'Infinity',
  'arguments',
  'eval',
  'Math',
  'Map',
  'Error',
  'String',
  'Number',
  'Object',
  'Array',
  'Promise',
  // Names the emitted module defines or imports at its top level (locals are kept apart by the emitter).
  'tf',
  'T',
  'Build',
  'CONV',
  'SEPCONV',
  'ConvOptions',
  'LocalResponseNorm',
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A TypeScript identifier for a spec name. The lexer only admits `[A-Za-z_][A-Za-z0-9_]*`, but
 * the check is repeated here so the emitter is safe on its own; reserved words and the module's
 * own names get a trailing `_`, anything else is mangled to its char codes.
 */
export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) return `id_${Array.from(name, (c) => c.codePointAt(0)!.toString(16)).join('_')}`;
  return RESERVED.has(name) ? `${name}_` : name;
}

/** The text of a `//` comment: line terminators (including U+2028/U+2029) become spaces. */
export function lineComment(text: string): string {
  return `// ${text.replace(/[\r\n\u2028\u2029]/g, ' ')}`.trimEnd();
}

/** Lines inside a `/** … *\/` comment: `*\/` cannot close it, line terminators split lines. */
export function docLines(text: string): string[] {
  return text.split(/\r\n|[\r\n\u2028\u2029]/).map((l) => ` * ${l.replace(/\*\//g, '*\\/')}`.trimEnd());
}

/** Literal text inside a template literal: backslash, backtick and `${` are escaped. */
export function templateText(text: string): string {
  // Line breaks are escaped too: a template literal would read a raw CR as LF.
  return text
    .replace(/\\/g, '\\\\')
    .replace(/`/g, '\\`')
    .replace(/\$\{/g, '\\${')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(/[\u2028\u2029]/g, (c) => `\\u${c.codePointAt(0)!.toString(16)}`);
}

/** A string literal (JSON's escaping is valid TypeScript). */
export function stringLiteral(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => `\\u${c.codePointAt(0)!.toString(16)}`);
}

/** `createInceptionV3` from `InceptionV3`. */
export function pascal(name: string): string {
  const id = identifier(name).replace(/_$/, '');
  return id.charAt(0).toUpperCase() + id.slice(1);
}

/** `INCEPTION_V3` from `InceptionV3`. */
export function constantCase(name: string): string {
  return identifier(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toUpperCase()
    .replace(/_+$/, '');
}
