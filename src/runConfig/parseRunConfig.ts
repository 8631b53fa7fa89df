import { Ajv } from 'ajv';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type YAMLError } from 'yaml';
import { error, type Diagnostic } from '../diagnostics/Diagnostic.js';
import { checkOverrides } from '../instantiate/overrides.js';
import type { RunConfig } from './RunConfig.js';
import { INPUT_PATTERN, runConfigSchema } from './runConfigSchema.js';
import { schemaDiagnostics, type YamlSource } from './schemaDiagnostics.js';
import { findYamlNode } from './findYamlNode.js';
import { yamlSpan } from './yamlSpan.js';

/** Run files larger than this are refused unread: real ones are a few hundred bytes. */
export const MAX_RUN_FILE_BYTES = 1024 * 1024;

/**
 * How many alias expansions a run file may cost (the `yaml` package's `maxAliasCount`, which
 * weighs each use of an alias by the aliases inside what it names). A few shared sections stay
 * far below it; an alias bomb ("billion laughs") passes it after a handful of expansions.
 */
export const MAX_ALIAS_COUNT = 100;

/** A run file read: its settings, or every problem found; `sources` feeds `formatDiagnostic`. */
export type RunConfigResult =
  | { ok: true; config: RunConfig; diagnostics: Diagnostic[]; sources: Map<string, string> }
  | { ok: false; diagnostics: Diagnostic[]; sources: Map<string, string> };

// Compiled once at load: generating the validator is the costly part of ajv.
const matchesSchema = new Ajv({ allErrors: true, strict: true, verbose: true }).compile<RunConfig>(runConfigSchema);

/**
 * Parses the text of a YAML run file (`filename` names it in diagnostics). Every problem is a
 * diagnostic placed at its key or value: YAML syntax (E0611, all of them, and nothing else then,
 * since a broken tree would only add noise), an alias bomb (E0614), a top level that is not a
 * mapping or a value of the wrong type or range (E0613), an unknown key (E0612). An empty file
 * (or one holding only comments) is an empty configuration: a run-file template with every line
 * commented out is a natural thing to have.
 */
export function parseRunConfig(text: string, filename: string): RunConfigResult {
  const sources = new Map([[filename, text]]);
  const fail = (diagnostics: Diagnostic[]): RunConfigResult => ({ ok: false, diagnostics, sources });
  if (text.length > MAX_RUN_FILE_BYTES) {
    // No span: a code frame of a huge file is no help, and reading it again is the cost avoided.
    return fail([tooLarge(filename, text.length)]);
  }
  const lineCounter = new LineCounter();
  // YAML 1.2 (the core schema): `yes` and `on` are strings, not booleans, and merge keys (`<<`)
  // are off, so every key a file writes is a key it sets.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, version: '1.2', uniqueKeys: true });
  const src: YamlSource = { file: filename, text, doc, lineCounter };
  // Warnings too: an unresolved tag (`!foo 3`) would quietly become the string "3".
  const yamlProblems = [...doc.errors, ...doc.warnings].map((e) => syntaxDiagnostic(e, src));
  if (yamlProblems.length > 0) return fail(yamlProblems);

  const contents = doc.contents as Node | null;
  if (contents === null) return { ok: true, config: {}, diagnostics: [], sources };
  if (!isMap(contents)) {
    const [start, end] = contents.range ?? [0, 0];
    return fail([
      error(
        'E0613',
        `a run file must be a mapping of settings, not ${kindOf(contents)}`,
        yamlSpan(filename, text, lineCounter, start, end),
        'write one setting per line, such as `epochs: 10`',
      ),
    ]);
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // The yaml package signals an alias bomb by throwing; here it is a diagnostic like any other.
    return fail([conversionProblem(e, src)]);
  }
  // Checked whatever else is wrong, so one run reports every problem.
  const limits = inputLimits(value, src);
  if (!matchesSchema(value)) {
    const problems = schemaDiagnostics(matchesSchema.errors ?? [], src);
    return fail(sortBySpan(limits ? [...problems, limits] : problems));
  }
  if (limits) return fail([limits]);
  return { ok: true, config: value, diagnostics: [], sources };
}

/** E0610 for a text or file over `MAX_RUN_FILE_BYTES`. */
export function tooLarge(filename: string, size: number): Diagnostic {
  return error(
    'E0610',
    `run file '${filename}' is ${(size / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_RUN_FILE_BYTES / 1024 / 1024} MiB`,
    undefined,
    'a run file holds a few settings; check that the path names the right file',
  );
}

const SYNTAX_HINTS: Readonly<Record<string, string>> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs there',
  MULTIPLE_DOCS: "a run file holds one document; remove the '---' and what follows",
  TAG_RESOLVE_FAILED: 'run files hold plain values; remove the tag',
};

function syntaxDiagnostic(e: YAMLError, src: YamlSource): Diagnostic {
  const [start, end] = e.pos;
  const span = yamlSpan(src.file, src.text, src.lineCounter, start, end);
  if (e.code === 'DUPLICATE_KEY') {
    const key = findDuplicateKey(src, start);
    const first = key === undefined ? undefined : firstKeySpan(src, key.text, start);
    return error(
      'E0611',
      key === undefined ? 'a key is given twice' : `'${key.text}' is given twice`,
      key === undefined ? span : yamlSpan(src.file, src.text, src.lineCounter, start, key.end),
      'keep one of them',
      first ? [{ span: first, message: 'first given here' }] : undefined,
    );
  }
  return error('E0611', lowerFirst(e.message), span, SYNTAX_HINTS[e.code]);
}

/** The key at `offset` (where the yaml package reports a duplicate): its text and end. */
function findDuplicateKey(src: YamlSource, offset: number): { text: string; end: number } | undefined {
  let key: { text: string; end: number } | undefined;
  visit(src.doc, {
    Pair(_, pair) {
      const k = pair.key as Node | null;
      if (k?.range?.[0] === offset && 'value' in k) {
        key = { text: String(k.value), end: k.range[1] };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return key;
}

function firstKeySpan(src: YamlSource, key: string, duplicateAt: number) {
  let span: ReturnType<typeof yamlSpan> | undefined;
  visit(src.doc, {
    Pair(_, pair) {
      const k = pair.key as Node | null;
      if (k?.range && k.range[0] < duplicateAt && 'value' in k && String(k.value) === key && !span) {
        span = yamlSpan(src.file, src.text, src.lineCounter, k.range[0], k.range[1]);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return span;
}

/** E0614 for an alias bomb; E0611 for anything else converting the tree can throw (an alias to no anchor). */
function conversionProblem(e: unknown, src: YamlSource): Diagnostic {
  let first: Node | undefined;
  visit(src.doc, {
    Alias(_, node) {
      first = node;
      return visit.BREAK;
    },
  });
  const span = first?.range ? yamlSpan(src.file, src.text, src.lineCounter, first.range[0], first.range[1]) : undefined;
  const why = e instanceof Error ? e.message : String(e);
  // The yaml package's words for the count exceeded; an alias to no anchor also throws, as E0611.
  return /excessive alias count/i.test(why) && isAlias(first)
    ? error(
        'E0614',
        `the run file expands its aliases more than ${MAX_ALIAS_COUNT} times`,
        span,
        'an alias (*name) may repeat a section a few times; this many is an alias bomb, not a configuration',
      )
    : error('E0611', `the YAML cannot be read: ${lowerFirst(why)}`, span);
}

/** The sides of a well-formed `input` against the compiler's limits, the check `--input` makes. */
function inputLimits(config: unknown, src: YamlSource): Diagnostic | undefined {
  const input = (config as { input?: unknown }).input;
  if (typeof input !== 'string' || !new RegExp(INPUT_PATTERN).test(input)) return undefined;
  const [h, w, c] = input.split(/[xX]/).map(Number) as [number, number, number];
  const problem = checkOverrides({ input: [h, w, c] });
  if (!problem) return undefined;
  const node = findYamlNode(src.doc, ['input'])?.value;
  const span = node?.range ? yamlSpan(src.file, src.text, src.lineCounter, node.range[0], node.range[1]) : undefined;
  return error('E0613', `'input': ${problem.rule}, not '${input}'`, span, 'for example input: 224x224x3');
}

function kindOf(node: Node): string {
  if (isSeq(node)) return 'a list';
  const v: unknown = isScalar(node) ? node.value : undefined;
  if (v === null) return 'empty (null)';
  if (typeof v === 'string') return `the string '${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return `the ${typeof v} ${String(v)}`;
  return 'this value';
}

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

function sortBySpan(ds: Diagnostic[]): Diagnostic[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.span?.start.offset ?? -1) - (b.d.span?.start.offset ?? -1) || a.i - b.i)
    .map(({ d }) => d);
}
