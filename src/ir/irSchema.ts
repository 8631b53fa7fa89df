import { OPS, type Op } from '../ops/registry.js';
import base from './irSchemaBase.json' with { type: 'json' };

/** What generated JSON files say first: where they come from. */
export const GENERATED_SCHEMA_COMMENT =
  'Generated from src/ir/irSchemaBase.json and the op registry (src/ops) by `npm run gen` — do not edit.';

/**
 * The IR's JSON Schema: the hand-written base (model, spans, totals, train, the layer's common
 * fields) plus, for every op of the registry, its attrs definition (`<op>Attrs`) and one
 * `if op = …` rule for its attrs, input count and output rank. Adding an op to the registry is
 * all the schema needs; `src/ir/ir.schema.json` is this object written out for other tools.
 */
export function irSchema(): Record<string, unknown> {
  const ops = Object.keys(OPS) as Op[];
  const definitions: Record<string, unknown> = { ...base.definitions };
  const rules = ops.map((op) => {
    const def = OPS[op];
    definitions[`${op}Attrs`] = def.attrsSchema;
    const then: Record<string, unknown> = {
      attrs: { $ref: `#/definitions/${op}Attrs` },
      inputs: {
        type: 'array',
        minItems: def.inputs.min,
        ...(def.inputs.max !== undefined ? { maxItems: def.inputs.max } : {}),
      },
    };
    if ('rank' in def && def.rank !== undefined)
      then['shape'] = { type: 'array', minItems: def.rank, maxItems: def.rank };
    return { if: { required: ['op'], properties: { op: { const: op } } }, then: { properties: then } };
  });
  const layer = base.definitions.layer;
  definitions['layer'] = { ...layer, properties: { ...layer.properties, op: { enum: ops } }, allOf: rules };
  return { $comment: GENERATED_SCHEMA_COMMENT, ...base, definitions };
}

/** `irSchema()` as `src/ir/ir.schema.json` holds it. */
export function irSchemaText(): string {
  return `${JSON.stringify(irSchema(), null, 2)}\n`;
}
