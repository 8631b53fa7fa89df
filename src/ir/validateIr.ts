import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { IRTotals } from './ir.js';
import type { IRJson } from './IRJson.js';
import { irSchema } from './irSchema.js';
import { sumTotals } from './sumTotals.js';

/** The outcome of {@link validateIr}: every problem found, each as `path: message`. */
export type IrValidation = { ok: true } | { ok: false; errors: string[] };

// Compiled once, on first use: ajv generates a validator function per schema, which is the costly
// part (and importing incep should not pay it). Strict, except that `allowUnionTypes` admits the
// `["integer", "null"]` dimensions and `strictTuples` is off because a shape is an open tuple (a
// null batch, then any rank).
let compiled: ValidateFunction<IRJson> | undefined;
function matchesSchema(value: unknown): value is IRJson {
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, strictTuples: false }).compile<IRJson>(
    irSchema(),
  );
  return compiled(value);
}

/**
 * Checks that `value` is a well-formed IR in its JSON form (`toIrJson(ir)`, or such a file read
 * back): first against the IR schema (`irSchema()`: fields, types, each op's attrs, input
 * counts, shape ranks), then — only when that passes, since it needs the structure — what a
 * schema cannot express: unique layer names, every input naming an earlier layer (topological
 * order), outputs and aux taps naming existing layers, exactly one `input` layer matching
 * `input`, totals that add up, and every span naming a file of the file table.
 *
 * Errors read `/layers/3/attrs (layer 'stem_conv1'): missing property 'filters'`: a JSON
 * pointer into `value`, the layer it belongs to, and what is wrong.
 */
export function validateIr(value: unknown): IrValidation {
  if (!matchesSchema(value)) {
    return { ok: false, errors: formatSchemaErrors(compiled?.errors ?? [], value) };
  }
  const errors = checkReferences(value);
  return errors.length === 0 ? { ok: true } : { ok: false, errors };
}

function formatSchemaErrors(errors: readonly ErrorObject[], root: unknown): string[] {
  // An `if` error only says "must match 'then' schema"; the `then` errors beside it say why.
  const lines = errors.filter((e) => e.keyword !== 'if').map((e) => `${where(e.instancePath, root)}: ${describe(e)}`);
  return [...new Set(lines)];
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unexpected property '${String(p['additionalProperty'])}'`;
    case 'required':
      return `missing property '${String(p['missingProperty'])}'`;
    case 'enum':
      return `must be one of ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p['allowedValue'])}`;
    case 'type':
      // Union types arrive as "integer,null".
      return `must be ${String(p['type']).split(',').join(' or ')}`;
    case 'false schema':
      return 'is not allowed here';
    default:
      return e.message ?? `fails '${e.keyword}'`;
  }
}

/** `/layers/3/attrs` → `/layers/3/attrs (layer 'stem_conv1')`, so a reader need not count layers. */
function where(path: string, root: unknown): string {
  if (path === '') return '(root)';
  const m = /^\/layers\/(\d+)(?:\/|$)/.exec(path);
  if (!m) return path;
  const layers = (root as { layers?: unknown }).layers;
  const name = Array.isArray(layers) ? (layers[Number(m[1])] as { name?: unknown } | undefined)?.name : undefined;
  return typeof name === 'string' ? `${path} (layer '${name}')` : path;
}

function checkReferences(ir: IRJson): string[] {
  const errors: string[] = [];
  const spanErrors: string[] = [];
  checkSpanFiles(ir, '', ir.files.length, spanErrors);
  for (const e of spanErrors) errors.push(e.replace(/^[^:]*/, (path) => where(path, ir)));
  const index = new Map<string, number>();
  ir.layers.forEach((layer, i) => {
    const first = index.get(layer.name);
    if (first === undefined) index.set(layer.name, i);
    else errors.push(`/layers/${i}/name: duplicate layer name '${layer.name}' (also /layers/${first})`);
  });

  ir.layers.forEach((layer, i) => {
    layer.inputs.forEach((input, j) => {
      const at = index.get(input);
      const path = `/layers/${i}/inputs/${j} (layer '${layer.name}')`;
      if (at === undefined) errors.push(`${path}: '${input}' names no layer`);
      // Backends build layers in list order, so an input must already exist when it is used.
      else if (at >= i) errors.push(`${path}: '${input}' is not an earlier layer (it is /layers/${at})`);
    });
  });

  const inputLayers = ir.layers.filter((l) => l.op === 'input');
  if (inputLayers.length !== 1) {
    errors.push(`/layers: expected exactly one 'input' layer, found ${inputLayers.length}`);
  } else {
    const expected = JSON.stringify([null, ...ir.input]);
    const actual = JSON.stringify(inputLayers[0]!.shape);
    if (actual !== expected)
      errors.push(`/input: ${JSON.stringify(ir.input)} disagrees with the input layer's shape ${actual}`);
  }

  const mustName = (path: string, name: string) => {
    if (!index.has(name)) errors.push(`${path}: '${name}' names no layer`);
  };
  mustName('/outputs/main', ir.outputs.main);
  mustName('/outputs/features', ir.outputs.features);
  const auxNames = new Set<string>();
  ir.outputs.aux.forEach((head, i) => {
    if (auxNames.has(head.name)) errors.push(`/outputs/aux/${i}/name: duplicate aux head name '${head.name}'`);
    auxNames.add(head.name);
    mustName(`/outputs/aux/${i}/at`, head.at);
    mustName(`/outputs/aux/${i}/output`, head.output);
  });

  compareTotals(
    errors,
    '/totals/inference',
    ir.totals.inference,
    sumTotals(ir.layers.filter((l) => l.scope.section !== 'aux')),
  );
  compareTotals(errors, '/totals/withAux', ir.totals.withAux, sumTotals(ir.layers));
  return errors;
}

function compareTotals(errors: string[], path: string, stated: IRTotals, summed: IRTotals): void {
  const rows: Array<[string, number, number]> = [
    ['params/total', stated.params.total, summed.params.total],
    ['params/trainable', stated.params.trainable, summed.params.trainable],
    ['params/nonTrainable', stated.params.nonTrainable, summed.params.nonTrainable],
    ['macs', stated.macs, summed.macs],
  ];
  for (const [key, s, sum] of rows) {
    if (s !== sum) errors.push(`${path}/${key}: ${s}, but the layers add up to ${sum}`);
  }
}

/** Every span under `value` (a layer's, an aux head's, the recipe's) names an entry of `files`. */
function checkSpanFiles(value: unknown, path: string, files: number, errors: string[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      checkSpanFiles(v, `${path}/${String(i)}`, files, errors);
    });
    return;
  }
  const record = value as Record<string, unknown>;
  const span = record['span'];
  if (typeof span === 'object' && span !== null) {
    const file = (span as { file?: unknown }).file;
    if (typeof file === 'number' && file >= files)
      errors.push(`${path}/span/file: ${String(file)} is past the file table (${String(files)} files)`);
  }
  for (const [key, v] of Object.entries(record)) if (key !== 'span') checkSpanFiles(v, `${path}/${key}`, files, errors);
}
