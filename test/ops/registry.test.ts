import { expect } from 'chai';
import schema from '../../src/ir/ir.schema.json' with { type: 'json' };
import { OPS, SURFACE_OPS, type Op } from '../../src/ops/registry.js';

type Json = Record<string, unknown>;
const definitions = (schema as unknown as { definitions: Record<string, Json> }).definitions;
const layer = definitions['layer'] as {
  properties: { op: { enum: string[] } };
  allOf: Array<{ if: { properties: { op: { const: string } } }; then: { properties: Record<string, Json> } }>;
};

/** The schema's `then` clause for one op. */
function clause(op: string): Record<string, Json> | undefined {
  return layer.allOf.find((c) => c.if.properties.op.const === op)?.then.properties;
}

describe('ops/registry: the IR schema agrees with every op definition', () => {
  it("lists exactly the registry's ops", () => {
    expect([...layer.properties.op.enum].sort()).to.deep.equal(Object.keys(OPS).sort());
  });
  for (const [op, def] of Object.entries(OPS) as Array<[Op, (typeof OPS)[Op]]>) {
    it(`${op}: attrs, input count and rank`, () => {
      const then = clause(op);
      expect(then, `no allOf clause for '${op}' in ir.schema.json`).to.not.equal(undefined);
      const ref = (then!['attrs'] as { $ref: string }).$ref.replace('#/definitions/', '');
      expect(definitions[ref]).to.deep.equal(def.attrsSchema);
      const inputs = then!['inputs'] as { $ref?: string; minItems?: number; maxItems?: number };
      const counts =
        inputs.$ref === '#/definitions/oneInput'
          ? { min: 1, max: 1 }
          : { min: inputs.minItems ?? 0, ...(inputs.maxItems !== undefined ? { max: inputs.maxItems } : {}) };
      expect(counts).to.deep.equal(def.inputs);
      const rank = (then!['shape'] as { $ref?: string } | undefined)?.$ref?.replace('#/definitions/rank', '');
      expect(rank === undefined ? undefined : Number(rank)).to.equal('rank' in def ? def.rank : undefined);
    });
  }
  it('names each surface op once, and only ops with a surface', () => {
    const surfaces = Object.values(OPS).flatMap((d) => ('surface' in d && d.surface ? [d.surface.name] : []));
    expect(new Set(surfaces).size).to.equal(surfaces.length);
    expect([...SURFACE_OPS.keys()].sort()).to.deep.equal([...surfaces].sort());
  });
});
