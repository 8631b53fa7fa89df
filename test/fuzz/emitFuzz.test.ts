import { mkdir, rm, writeFile } from 'node:fs/promises';
import { expect } from 'chai';
import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { emitTypeScript } from '../../src/backends/typescript/emitTypeScript.js';
import { compile, type CompileResult } from '../../src/compile.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import type { LayersModel } from '../../src/runtime/tf.js';
import { seeded } from '../runtime/wasmKernels/support.js';
import { mutate, readLib, ZOO } from './mutateSpec.js';
import { typeCheckFiles } from '../support/typeCheckFiles.js';

type Create = (options?: { aux?: boolean; width?: number }) => LayersModel;

/** How many compiling mutations to emit, type-check and build (each builds two networks). */
const MODULES = 12;
/** Networks at a quarter of the width: the same graph, a sixteenth of the weights to allocate. */
const WIDTH = 0.25;

/** Every layer as its class and full config: two builds of one network print the same lines. */
function describeModel(model: LayersModel): string[] {
  return model.layers.map(
    (l) => `${l.getClassName()} ${JSON.stringify(l.outputShape)} ${JSON.stringify(l.getConfig())}`,
  );
}

describe('fuzz: emitted modules of mutated zoo specs build the model buildModel builds', function () {
  this.timeout(600_000);
  const dir = new URL('../.tmp/fuzz-emit/', import.meta.url);
  const cases: Array<{ what: string; result: CompileResult; file: URL }> = [];

  before(async () => {
    expect((await selectBackend('wasm')).ok).to.equal(true);
    await mkdir(dir, { recursive: true });
    const rand = seeded(20261204);
    // Mutations that still compile are the interesting ones here: numbers, names and words moved
    // around in ways the checker accepts, which the emitter must print exactly as they compile.
    for (let i = 0; cases.length < MODULES && i < 2000; i++) {
      const base = ZOO[i % ZOO.length]!;
      const text = mutate(base.text, rand);
      if (text === base.text) continue;
      const result = compile(text, { filename: `specs/${base.name}`, readFile: readLib, width: WIDTH });
      if (!result.ok) continue;
      const file = new URL(`case${String(cases.length)}.ts`, dir);
      await writeFile(file, emitTypeScript(result).code);
      cases.push({ what: `mutation ${String(i)} of ${base.name}`, result, file });
    }
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it(`finds ${MODULES} compiling mutations`, () => {
    expect(cases).to.have.length(MODULES);
  });

  it('type-checks every emitted module under the project tsconfig', () => {
    const errors = typeCheckFiles(cases.map((c) => c.file.pathname));
    expect(errors).to.deep.equal([]);
  });

  it('builds, from each module, the layers, shapes, configs and parameter count of buildModel (aux heads too)', async () => {
    for (const c of cases) {
      const mod = (await import(c.file.href)) as Record<string, unknown>;
      const create = Object.entries(mod).find(([k]) => k.startsWith('create'))![1] as Create;
      const auxes = c.result.ir!.outputs.aux.length > 0 ? [false, true] : [false];
      for (const aux of auxes) {
        const expected = buildModel(c.result.ir!, { aux });
        const actual = create({ aux, width: WIDTH });
        try {
          expect(describeModel(actual), `${c.what}, aux ${String(aux)}`).to.deep.equal(describeModel(expected));
          expect(actual.countParams(), c.what).to.equal(expected.countParams());
        } finally {
          actual.dispose();
          expected.dispose();
        }
      }
    }
  });
});
