import type { ErrorObject } from 'ajv';
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { didYouMean } from '../diagnostics/didYouMean.js';
import type { Span } from '../diagnostics/Span.js';
import { expectedBy } from './expectedBy.js';
import { findYamlNode } from './findYamlNode.js';
import { runConfigSchema, type SchemaNode } from './runConfigSchema.js';
import { yamlSpan } from './yamlSpan.js';

/** The parsed run file the schema errors are about. */
export interface YamlSource {
  file: string;
  text: string;
  doc: Document;
  lineCounter: LineCounter;
}

/**
 * Turns ajv's errors (compiled with `allErrors` and `verbose`) into diagnostics placed on the
 * YAML: E0612 at an unknown key, with a "did you mean" hint; E0613 at a value of the wrong type or
 * out of range, saying what the key expects. A value breaking several keywords at once (an
 * integer that is also too small) gets one diagnostic, since the message states the whole rule.
 */
export function schemaDiagnostics(errors: readonly ErrorObject[], src: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const valuesSeen = new Set<string>();
  for (const e of errors) {
    const path = pointerSegments(e.instancePath);
    const schema = (e.parentSchema ?? {}) as SchemaNode;
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: unknown }).additionalProperty);
      out.push(unknownKey(key, path, schema, src));
    } else if (!valuesSeen.has(e.instancePath)) {
      valuesSeen.add(e.instancePath);
      out.push(wrongValue(path, e.data, schema, src));
    }
  }
  return out;
}

function unknownKey(key: string, path: readonly string[], schema: SchemaNode, src: YamlSource): Diagnostic {
  const found = findYamlNode(src.doc, [...path, key]);
  const where = path.length === 0 ? '' : ` in '${path.join('.')}'`;
  const known = Object.keys(schema.properties ?? {});
  const hint =
    didYouMean(key, known) ?? elsewhere(key, path) ?? `the keys${where || ' of a run file'} are ${known.join(', ')}`;
  return error('E0612', `unknown key '${key}'${where}`, spanOf(found?.key ?? found?.value, src), hint);
}

/** Where a key that is valid at another level of the file belongs. */
function elsewhere(key: string, path: readonly string[]): string | undefined {
  const top = runConfigSchema.properties;
  if (path.length > 0 && Object.hasOwn(top, key)) return `'${key}' is a top-level key; move it out of '${path[0]!}'`;
  for (const [section, node] of Object.entries(top)) {
    if (section !== path[0] && node.properties && Object.hasOwn(node.properties, key))
      return `'${key}' belongs under '${section}:'`;
  }
  return undefined;
}

function wrongValue(path: readonly string[], data: unknown, schema: SchemaNode, src: YamlSource): Diagnostic {
  const found = findYamlNode(src.doc, path);
  const value = found?.value;
  const empty = value === undefined || (isScalar(value) && value.value === null && value.source === '');
  // An empty value has no text to underline: point at its key instead.
  const span = spanOf(empty ? (found?.key ?? value) : value, src);
  const name = path.join('.');
  return error(
    'E0613',
    `'${name}' must be ${expectedBy(schema)}, not ${describeValue(data, value, src.text)}`,
    span,
    hintFor(name, data, schema),
  );
}

function hintFor(name: string, data: unknown, schema: SchemaNode): string | undefined {
  if (schema.enum && typeof data === 'string') return didYouMean(data, schema.enum);
  if (schema.type === 'boolean' && typeof data === 'string')
    return `YAML 1.2 reads '${data}' as a string; write true or false`;
  if ((schema.type === 'number' || schema.type === 'integer') && typeof data === 'string' && isNumeric(data))
    return 'remove the quotes: a quoted number is a string';
  if (schema.type === 'object' && (data === null || data === undefined))
    return `write its keys indented on the lines below '${name}:'`;
  if (schema.type === 'integer' && typeof data === 'number' && Number.isFinite(data) && !Number.isInteger(data))
    return `write a whole number such as ${Math.max(schema.minimum ?? 1, Math.round(data))}`;
  return undefined;
}

function isNumeric(s: string): boolean {
  return s.trim() !== '' && Number.isFinite(Number(s));
}

/** A value as a message names it: `'ten'`, `-1`, `.inf`, `empty`, `a mapping`. */
function describeValue(data: unknown, node: Node | undefined, text: string): string {
  if (data === null || data === undefined) return 'empty';
  if (typeof data === 'string') return `'${clip(data)}'`;
  if (typeof data === 'number') {
    // NaN and the infinities read best as the file wrote them (.nan, -.inf).
    return Number.isFinite(data) || !node?.range ? String(data) : clip(text.slice(node.range[0], node.range[1]));
  }
  if (typeof data === 'boolean') return String(data);
  if (isSeq(node) || Array.isArray(data)) return 'a list';
  if (isMap(node) || typeof data === 'object') return 'a mapping';
  return 'this value';
}

function clip(s: string): string {
  const line = s.replace(/\r?\n/g, '\\n');
  return line.length > 40 ? `${line.slice(0, 37)}...` : line;
}

function spanOf(node: Node | undefined, src: YamlSource): Span | undefined {
  const range = node?.range;
  return range ? yamlSpan(src.file, src.text, src.lineCounter, range[0], range[1]) : undefined;
}

/** The keys of a JSON pointer such as `/optimizer/lr` (RFC 6901 escapes undone). */
function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}
