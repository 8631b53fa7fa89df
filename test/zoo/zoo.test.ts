import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compileFile, type CompileOptions, type CompileResult } from '../../src/compile.js';
import type { IRModel } from '../../src/ir/ir.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import type { LayersModel } from '../../src/runtime/tf.js';

const SPECS = fileURLToPath(new URL('../../specs/', import.meta.url));

/**
 * How a spec answers a too-small input. Specs with a 'valid' convolution or pool collapse
 * below some size (error E0503, whose hint names the smallest that works); GoogLeNet only loses
 * its aux heads (warning W0502, hint names the smallest that keeps them); slim's v2 pads
 * everything 'same' and never collapses.
 */
type TooSmall =
  | { kind: 'E0503'; side: number; smallest: number }
  | { kind: 'W0502'; side: number; smallest: number }
  | { kind: 'never' };

interface ZooRow {
  /** Params of the inference graph (no aux heads), Keras/tfjs counting. */
  params: number;
  /** Params with the aux heads, or null when the spec has none. */
  withAux: number | null;
  /** Conv + dense multiply-accumulates at the default input, in G (checked to ±0.5 %). */
  gmacs: number;
  /** Default square input side. */
  input: number;
  tooSmall: TooSmall;
}

// Numbers from ../shared/reference/inception-family.md §1 and §12.
const ZOO: Record<string, ZooRow> = {
  'inception_v1.incep': {
    params: 6_998_552,
    withAux: 13_378_280,
    gmacs: 1.583,
    input: 224,
    tooSmall: { kind: 'W0502', side: 64, smallest: 65 },
  },
  'inception_v2.incep': { params: 11_198_112, withAux: null, gmacs: 1.935, input: 224, tooSmall: { kind: 'never' } },
  'inception_v3.incep': {
    params: 23_851_784,
    withAux: 27_179_376,
    gmacs: 5.713,
    input: 299,
    tooSmall: { kind: 'E0503', side: 74, smallest: 75 },
  },
  'inception_v4.incep': {
    params: 42_711_400,
    withAux: null,
    gmacs: 12.254,
    input: 299,
    tooSmall: { kind: 'E0503', side: 74, smallest: 75 },
  },
  'inception_resnet_v1.incep': {
    params: 24_371_384,
    withAux: null,
    gmacs: 6.309,
    input: 299,
    tooSmall: { kind: 'E0503', side: 74, smallest: 75 },
  },
  'inception_resnet_v2.incep': {
    params: 55_873_736,
    withAux: null,
    gmacs: 13.156,
    input: 299,
    tooSmall: { kind: 'E0503', side: 74, smallest: 75 },
  },
};

const compileSpec = (file: string, options: Omit<CompileOptions, 'filename' | 'readFile'> = {}): CompileResult =>
  compileFile(SPECS + file, options);

/** Compiles and insists on success, showing the diagnostics when it fails. */
function compileOk(file: string, options: Omit<CompileOptions, 'filename' | 'readFile'> = {}): IRModel {
  const result = compileSpec(file, options);
  expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).to.deep.equal(
    [],
  );
  expect(result.ok).to.equal(true);
  return result.ir!;
}

/** Builds, runs `check`, and always frees the weights (a full zoo is ~2 GB of float32). */
function withModel<T>(ir: IRModel, options: Parameters<typeof buildModel>[1], check: (m: LayersModel) => T): T {
  const model = buildModel(ir, options);
  try {
    return check(model);
  } finally {
    model.dispose();
  }
}

/** Params of every dense classifier (units = classes) per class, so a classes override's delta is exact. */
function classifierParamsPerClass(ir: IRModel, aux: boolean): number {
  const byName = new Map(ir.layers.map((l) => [l.name, l]));
  const auxOutputs = new Set(ir.layers.filter((l) => l.scope.section === 'aux').map((l) => l.name));
  let perClass = 0;
  for (const l of ir.layers) {
    if (l.op !== 'dense' || l.attrs.units !== ir.classes) continue;
    if (!aux && auxOutputs.has(l.name)) continue;
    const fanIn = byName.get(l.inputs[0]!)!.shape.at(-1)!;
    perClass += fanIn + (l.attrs.useBias ? 1 : 0);
  }
  return perClass;
}

/** The `HxWxC` size a hint names. */
function hintedSide(hint: string | undefined): number {
  const m = /(\d+)x(\d+)x3/.exec(hint ?? '');
  expect(m, `hint '${hint}' names no input size`).to.not.equal(null);
  expect(m![1]).to.equal(m![2]);
  return Number(m![1]);
}

describe('model zoo: every specs/*.incep', function () {
  before(async function () {
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });

  it('has exactly one table row per spec file', function () {
    const files = readdirSync(SPECS)
      .filter((f) => f.endsWith('.incep'))
      .sort();
    expect(files).to.deep.equal(Object.keys(ZOO).sort());
  });

  for (const [file, row] of Object.entries(ZOO)) {
    describe(file, function () {
      let ir: IRModel;
      before(function () {
        ir = compileOk(file);
      });

      it(`compiles at ${row.input}×${row.input}×3 with ${row.params} params (${row.withAux ?? 'no'} with aux) in the IR`, function () {
        expect(ir.input).to.deep.equal([row.input, row.input, 3]);
        expect(ir.totals.inference.params.total).to.equal(row.params);
        expect(ir.totals.withAux.params.total).to.equal(row.withAux ?? row.params);
        expect(ir.outputs.aux.length > 0).to.equal(row.withAux !== null);
        const p = ir.totals.inference.params;
        expect(p.trainable + p.nonTrainable).to.equal(p.total);
      });

      it(`has ${row.gmacs} G MACs (±0.5 %)`, function () {
        const gmacs = ir.totals.inference.macs / 1e9;
        expect(Math.abs(gmacs - row.gmacs) / row.gmacs).to.be.at.most(0.005);
      });

      it('builds in tfjs with the IR’s params, layer shapes and a [null, 1000] output', function () {
        withModel(ir, {}, (model) => {
          expect(model.countParams()).to.equal(row.params);
          expect(model.outputs.map((o) => o.shape)).to.deep.equal([[null, 1000]]);
          // Every built layer infers the shape the IR promised (the IR is what summaries print).
          const mismatched = model.layers
            .map((l) => [
              l.name,
              JSON.stringify(l.outputShape),
              JSON.stringify(ir.layers.find((x) => x.name === l.name)?.shape),
            ])
            .filter(([, got, want]) => got !== want && !(want && got === `[${want}]`));
          expect(mismatched).to.deep.equal([]);
        });
      });

      if (row.withAux !== null) {
        it(`builds with its aux heads at ${row.withAux} params, every output [null, 1000]`, function () {
          withModel(ir, { aux: true }, (model) => {
            expect(model.countParams()).to.equal(row.withAux);
            expect(model.outputs).to.have.length(1 + ir.outputs.aux.length);
            for (const o of model.outputs) expect(o.shape).to.deep.equal([null, 1000]);
          });
        });
      }

      it('--classes 10 changes the params by exactly the classifier difference', function () {
        const small = compileOk(file, { classes: 10 });
        const delta = (aux: boolean) => classifierParamsPerClass(ir, aux) * (1000 - 10);
        expect(delta(false)).to.be.greaterThan(0);
        expect(small.totals.inference.params.total).to.equal(row.params - delta(false));
        expect(small.totals.withAux.params.total).to.equal((row.withAux ?? row.params) - delta(true));
        withModel(small, { aux: row.withAux !== null }, (model) => {
          expect(model.countParams()).to.equal(small.totals.withAux.params.total);
          for (const o of model.outputs) expect(o.shape).to.deep.equal([null, 10]);
        });
      });

      it('--width 0.5 compiles and builds with fewer params', function () {
        const narrow = compileOk(file, { width: 0.5 });
        expect(narrow.totals.inference.params.total).to.be.lessThan(row.params);
        // Halving every filter count should cut params well below the original.
        expect(narrow.totals.inference.params.total).to.be.lessThan(row.params * 0.6);
        withModel(narrow, {}, (model) => {
          expect(model.countParams()).to.equal(narrow.totals.inference.params.total);
          expect(model.outputs.map((o) => o.shape)).to.deep.equal([[null, 1000]]);
        });
      });

      const tooSmall = row.tooSmall;
      if (tooSmall.kind === 'E0503') {
        it(`at ${tooSmall.side}×${tooSmall.side} fails with E0503 whose hint names ${tooSmall.smallest}, the smallest that compiles`, function () {
          const result = compileSpec(file, { input: [tooSmall.side, tooSmall.side, 3] });
          expect(result.ok).to.equal(false);
          const collapse = result.diagnostics.find((d) => d.code === 'E0503');
          expect(collapse?.severity).to.equal('error');
          const side = hintedSide(collapse?.hint);
          expect(side).to.equal(tooSmall.smallest);
          const fits = compileOk(file, { input: [side, side, 3] });
          withModel(fits, {}, (model) => expect(model.outputs[0]!.shape).to.deep.equal([null, 1000]));
          // …and it is the smallest: one pixel less collapses again.
          expect(compileSpec(file, { input: [side - 1, side - 1, 3] }).diagnostics.map((d) => d.code)).to.include(
            'E0503',
          );
        });
      } else if (tooSmall.kind === 'W0502') {
        it(`at ${tooSmall.side}×${tooSmall.side} drops the aux heads with W0502 whose hint names ${tooSmall.smallest}, which keeps them`, function () {
          const result = compileSpec(file, { input: [tooSmall.side, tooSmall.side, 3] });
          expect(result.ok).to.equal(true);
          const warnings = result.diagnostics.filter((d) => d.code === 'W0502');
          expect(warnings.map((d) => d.severity)).to.deep.equal(ir.outputs.aux.map(() => 'warning'));
          expect(result.ir!.outputs.aux).to.deep.equal([]);
          const side = hintedSide(warnings[0]?.hint);
          expect(side).to.equal(tooSmall.smallest);
          const fits = compileSpec(file, { input: [side, side, 3] });
          expect(fits.diagnostics.map((d) => d.code)).to.not.include('W0502');
          expect(fits.ir!.outputs.aux).to.have.length(ir.outputs.aux.length);
        });
      } else {
        it('never collapses: a 1×1×3 input compiles to [null, 1000]', function () {
          const tiny = compileOk(file, { input: [1, 1, 3] });
          expect(tiny.layers.at(-1)!.shape).to.deep.equal([null, 1000]);
          expect(tiny.totals.inference.params.total).to.equal(row.params);
        });
      }
    });
  }
});
