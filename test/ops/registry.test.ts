import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { irSchemaText } from '../../src/ir/irSchema.js';
import { OPS } from '../../src/ops/registry.js';
import { SURFACE_OPS } from '../../src/ops/registry.js';

describe('ops/registry', () => {
  it('src/ir/ir.schema.json is what the registry makes (run `npm run gen` when this fails)', () => {
    const file = readFileSync(new URL('../../src/ir/ir.schema.json', import.meta.url), 'utf8');
    expect(file === irSchemaText(), 'src/ir/ir.schema.json is stale: run `npm run gen`').to.equal(true);
  });

  it('names each surface op once, and only ops with a surface', () => {
    const surfaces = Object.values(OPS).flatMap((d) => ('surface' in d && d.surface ? [d.surface.name] : []));
    expect(new Set(surfaces).size).to.equal(surfaces.length);
    expect([...SURFACE_OPS.keys()].sort()).to.deep.equal([...surfaces].sort());
  });

  for (const [op, def] of Object.entries(OPS)) {
    it(`${op}: its IR name is its registry key`, () => {
      expect(def.op).to.equal(op);
    });
    it(`${op}: has an ONNX printer`, () => {
      expect(typeof (def as { onnx?: unknown }).onnx).to.equal('function');
    });
  }
});
