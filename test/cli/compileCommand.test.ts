import { expect } from 'chai';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { EMITTERS, type Emitter, type EmitRequest } from '../../src/cli/emitters.js';
import { loadModelDir } from '../../src/runtime/loadModelDir.js';
import { tf, type LayersModel, type Tensor } from '../../src/runtime/tf.js';
import { importModule } from '../../src/runtime/selectBackend.js';
import { validateIr } from '../../src/ir/validateIr.js';
import { runCli, tempDir, TINY, V3 } from './runCli.js';

/** Whether a native TensorFlow package is installed (the usual CI machine has none). */
async function nativeInstalled(): Promise<boolean> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await importModule(pkg);
      return true;
    } catch {
      // not installed
    }
  }
  return false;
}

describe('cli/compileCommand', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir({
      'tiny.incep': TINY,
      'lib.incep': 'block X { conv 4 1x1 }\n',
      'typo.incep': 'model T {\n  stem { cnov 8 3x3 }\n}\n',
    });
  });
  afterEach(() => tmp.cleanup());

  describe('--emit ir', () => {
    it('writes <Model>.ir.json atomically, leaving no temporary file', async () => {
      const out = tmp.path('out/nested');
      const run = await runCli(['compile', V3, '--emit', 'ir', '--out', out]);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.equal(`wrote ${out}/InceptionV3.ir.json\n`);
      expect(await readdir(out)).to.deep.equal(['InceptionV3.ir.json']);
      const text = await readFile(`${out}/InceptionV3.ir.json`, 'utf8');
      const ir = JSON.parse(text) as {
        irVersion: number;
        name: string;
        files: string[];
        layers: unknown[];
        totals: { inference: { params: { total: number } } };
      };
      expect(validateIr(ir)).to.deep.equal({ ok: true });
      expect(ir.irVersion).to.equal(2);
      // The spec files once each, relative to the spec: nothing of this machine's paths.
      expect(ir.files).to.deep.equal(['inception_v3.incep', 'lib/stems.incep', 'lib/reductions.incep']);
      expect(text).to.not.include(process.cwd());
      expect(ir.name).to.equal('InceptionV3');
      expect(ir.layers).to.have.length(322);
      expect(ir.totals.inference.params.total).to.equal(23_851_784);
    });

    it('replaces an earlier file and applies overrides; prints paths relative to the working directory', async () => {
      await mkdir(tmp.path('out'));
      await writeFile(tmp.path('out/Tiny.ir.json'), 'old');
      const run = await runCli(['compile', 'tiny.incep', '--emit', 'ir', '-o', 'out', '--classes', '3'], {
        cwd: tmp.dir,
      });
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.equal('wrote out/Tiny.ir.json\n');
      expect(await readdir(tmp.path('out'))).to.deep.equal(['Tiny.ir.json']);
      const ir = JSON.parse(await readFile(tmp.path('out/Tiny.ir.json'), 'utf8')) as { classes: number };
      expect(ir.classes).to.equal(3);
    });

    it('reports an unwritable --out (exit 1)', async () => {
      await writeFile(tmp.path('file'), 'not a directory');
      const run = await runCli(['compile', tmp.path('tiny.incep'), '--emit', 'ir', '--out', tmp.path('file')]);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/^incep: error: cannot write '.*Tiny\.ir\.json'/);
      expect(run.stderr).not.to.match(/\n\s+at /);
    });
  });

  describe('two specs for one output file', () => {
    const cases: Array<{ format: string; files: Record<string, string>; written: string; message: RegExp }> = [
      {
        format: 'ir',
        files: {
          'a/x.incep': 'model Same { input 8x8x3; stem { conv 4 1x1 } }',
          'b/y.incep': 'model Same { input 8x8x3; stem { conv 8 1x1 } }',
        },
        written: 'Same.ir.json',
        message:
          /'.*b\/y\.incep' and '.*a\/x\.incep' would both write .*Same\.ir\.json; '.*y\.incep' is not written\nhint: --emit ir names the file after the model/,
      },
      {
        format: 'ts',
        files: {
          'a/x.incep': 'model One { input 8x8x3; stem { conv 4 1x1 } }',
          'b/x.incep': 'model Two { input 8x8x3; stem { conv 8 1x1 } }',
        },
        written: 'x.ts',
        message: /would both write .*x\.ts; .*\nhint: --emit ts names the file after the spec file/,
      },
    ];
    for (const c of cases) {
      it(`--emit ${c.format}: the second is refused (exit 1), the first kept`, async () => {
        for (const [name, text] of Object.entries(c.files)) {
          await mkdir(tmp.path(name.split('/')[0]!), { recursive: true });
          await writeFile(tmp.path(name), text);
        }
        const [first, second] = Object.keys(c.files).map((f) => tmp.path(f));
        const run = await runCli(['compile', first!, second!, '--emit', c.format, '--out', tmp.path('out')]);
        expect(run.code).to.equal(1);
        expect(run.stderr).to.match(c.message);
        expect(await readdir(tmp.path('out'))).to.deep.equal([c.written]);
        expect(await readFile(tmp.path(`out/${c.written}`), 'utf8')).to.include(
          c.format === 'ir' ? '"filters": 4' : '4, [1, 1]',
        );
      });
    }
  });

  describe('--emit tfjs', function () {
    // Building and saving Inception v3 (100 MB of weights) takes a second or two.
    this.timeout(60_000);
    const cases: Array<{ name: string; spec: () => string; args: string[]; params: number; outputs: number }> = [
      { name: 'the inference graph', spec: () => tmp.path('tiny.incep'), args: [], params: 1_778, outputs: 1 },
      {
        name: 'with --aux, the aux heads as extra outputs',
        spec: () => tmp.path('tiny.incep'),
        args: ['--aux'],
        params: 1_908,
        outputs: 2,
      },
      {
        name: 'with --classes',
        spec: () => tmp.path('tiny.incep'),
        args: ['--classes', '3'],
        params: 1_659,
        outputs: 1,
      },
      { name: 'Inception v3', spec: () => V3, args: [], params: 23_851_784, outputs: 1 },
    ];
    for (const c of cases) {
      it(`writes a loadable model: ${c.name}`, async () => {
        const out = tmp.path('model');
        const run = await runCli(['compile', c.spec(), '--emit', 'tfjs', '--out', out, '--backend', 'wasm', ...c.args]);
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stderr).to.match(/^backend: wasm — WebAssembly/);
        expect(run.stdout).to.equal(`wrote ${out}/model.json\nwrote ${out}/weights.bin\n`);
        expect((await readdir(out)).sort()).to.deep.equal(['model.json', 'weights.bin']);
        expect(await readdir(tmp.dir)).not.to.satisfy((names: string[]) => names.some((n) => n.includes('incep-tmp')));
        const model = await loadModelDir(out);
        try {
          expect(model.countParams()).to.equal(c.params);
          expect(model.outputs).to.have.length(c.outputs);
        } finally {
          model.dispose();
        }
      });
    }

    it('with --optimize, writes the folded graph: no BatchNorm, same outputs', async () => {
      const small = ['--input', '75x75x3', '--classes', '10', '--backend', 'wasm'];
      const plain = tmp.path('v3-plain');
      const folded = tmp.path('v3-folded');
      expect((await runCli(['compile', V3, '--emit', 'tfjs', '--out', plain, ...small])).code).to.equal(0);
      const run = await runCli(['compile', V3, '--emit', 'tfjs', '--out', folded, '--optimize', ...small]);
      expect(run.code, run.stderr).to.equal(0);
      const [a, b] = await Promise.all([loadModelDir(plain), loadModelDir(folded)]);
      try {
        const classes = (m: LayersModel) => m.layers.map((l) => l.getClassName());
        expect(classes(a)).to.include('BatchNormalization');
        expect(classes(b)).to.not.include('BatchNormalization');
        expect(b.layers.length).to.be.lessThan(a.layers.length / 2);
        expect(b.outputs[0]!.name.split('/')[0]).to.equal(a.outputs[0]!.name.split('/')[0]);
        const x = tf.randomUniform([2, 75, 75, 3], -1, 1, 'float32', 3);
        const [ya, yb] = [a, b].map((m) => (m.predict(x) as Tensor).dataSync());
        const worst = Math.max(...Array.from(ya!, (v, i) => Math.abs(v - yb![i]!) / Math.max(Math.abs(v), 1e-3)));
        // Exactness on trained statistics is test/optimize's; here random He-initialised weights
        // grow the logits through 94 layers, so float32 reordering shows at about 2e-4.
        expect(worst).to.be.lessThan(1e-3);
        tf.dispose(x);
      } finally {
        a.dispose();
        b.dispose();
      }
    });

    it('refuses an --out that holds other files (exit 1), leaving them alone', async () => {
      await mkdir(tmp.path('busy'));
      await writeFile(tmp.path('busy/notes.txt'), 'keep me');
      const run = await runCli([
        'compile',
        tmp.path('tiny.incep'),
        '--emit',
        'tfjs',
        '--out',
        tmp.path('busy'),
        '--backend',
        'wasm',
      ]);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.match(/incep: error: .*notes\.txt/);
      expect(await readdir(tmp.path('busy'))).to.deep.equal(['notes.txt']);
    });

    it('--backend tensorflow without the native package is a usage error with an install hint', async function () {
      if (await nativeInstalled()) this.skip();
      const run = await runCli([
        'compile',
        tmp.path('tiny.incep'),
        '--emit',
        'tfjs',
        '--out',
        tmp.path('m'),
        '--backend',
        'tensorflow',
      ]);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(/^incep: error: The 'tensorflow' backend needs/);
      expect(run.stderr).to.match(/\nhint: .*npm install @tensorflow\/tfjs-node/);
      expect(run.stdout).to.equal('');
      expect(await readdir(tmp.dir)).not.to.include('m');
    });
  });

  describe('errors', () => {
    const cases: Array<{ name: string; args: () => string[]; code: number; stderr: RegExp[] }> = [
      {
        name: 'an unknown --emit lists the formats',
        args: () => [tmp.path('tiny.incep'), '--emit', 'coreml', '--out', tmp.path('o')],
        code: 2,
        stderr: [/unknown --emit format 'coreml'/, /hint: choose one of: tfjs, ir, ts, onnx/],
      },
      {
        name: 'a misspelt --emit gets a suggestion',
        args: () => [tmp.path('tiny.incep'), '--emit', 'tfsj', '--out', tmp.path('o')],
        code: 2,
        stderr: [/did you mean 'tfjs'\?/],
      },
      {
        name: '--optimize with another format',
        args: () => [tmp.path('tiny.incep'), '--emit', 'ir', '--out', tmp.path('o'), '--optimize'],
        code: 2,
        stderr: [/--optimize goes with --emit tfjs/],
      },
      {
        name: '--optimize with --aux',
        args: () => [tmp.path('tiny.incep'), '--emit', 'tfjs', '--out', tmp.path('o'), '--optimize', '--aux'],
        code: 2,
        stderr: [/--optimize makes the inference graph; --aux asks for the training graph/],
      },
      {
        name: 'a missing --emit',
        args: () => [tmp.path('tiny.incep'), '--out', tmp.path('o')],
        code: 2,
        stderr: [/missing --emit FORMAT/, /tfjs, ir/],
      },
      {
        name: 'a missing --out',
        args: () => [tmp.path('tiny.incep'), '--emit', 'ir'],
        code: 2,
        stderr: [/missing --out DIR/],
      },
      {
        name: 'an unknown --backend',
        args: () => [tmp.path('tiny.incep'), '--emit', 'tfjs', '--out', tmp.path('o'), '--backend', 'wsam'],
        code: 2,
        stderr: [/unknown --backend 'wsam'/, /did you mean 'wasm'\?/],
      },
      {
        name: 'a spec with errors writes nothing',
        args: () => [tmp.path('typo.incep'), '--emit', 'ir', '--out', tmp.path('o')],
        code: 1,
        stderr: [/error\[E0301\]/],
      },
      {
        name: 'a library has no model to compile',
        args: () => [tmp.path('lib.incep'), '--emit', 'ir', '--out', tmp.path('o')],
        code: 1,
        stderr: [/defines no model/],
      },
    ];
    for (const c of cases) {
      it(`${c.name} → ${c.code}`, async () => {
        const run = await runCli(['compile', ...c.args()]);
        expect(run.code, run.stderr).to.equal(c.code);
        expect(run.stdout).to.equal('');
        for (const re of c.stderr) expect(run.stderr).to.match(re);
        expect(await readdir(tmp.dir)).not.to.include('o');
      });
    }
  });

  describe('the emitter table', () => {
    const table = EMITTERS as Record<string, Emitter>;
    let seen: EmitRequest | undefined;
    const fakes: Record<string, Emitter['emit']> = {
      'fake-ok': async (r) => ((seen = r), { ok: true, files: [`${r.out}/a.txt`] }),
      'fake-diag': async (r) => ({
        ok: false,
        exit: 1,
        diagnostics: [
          {
            severity: 'error',
            code: 'E0799',
            message: 'cannot emit this',
            span: r.ir.layers[1]!.span,
            hint: 'try another format',
          },
        ],
      }),
      'fake-error': async () => ({ ok: false, exit: 1, message: 'disk full', hint: 'free some space' }),
    };
    before(() => Object.entries(fakes).forEach(([name, emit]) => (table[name] = { description: name, emit })));
    after(() =>
      Object.keys(fakes).forEach((name) => {
        // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- EMITTERS is src's plain-object registry (not a Map we could switch to from here); the test must unregister exactly the fakes it added.
        delete table[name];
      }),
    );

    it('hands a new format the request and prints what it wrote', async () => {
      const run = await runCli(
        ['compile', 'tiny.incep', '--emit', 'fake-ok', '--out', 'o', '--aux', '--backend', 'cpu'],
        { cwd: tmp.dir },
      );
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.equal('wrote o/a.txt\n');
      expect(seen).to.deep.include({ out: tmp.path('o'), aux: true, backend: 'cpu' });
      expect(seen!.ir.name).to.equal('Tiny');
      expect(seen!.compiled.ok).to.equal(true);
    });

    const failures: Array<{ format: string; stderr: RegExp[] }> = [
      {
        format: 'fake-diag',
        stderr: [/tiny\.incep:5:5: error\[E0799\]: cannot emit this/, /\^/, /hint: try another format/],
      },
      { format: 'fake-error', stderr: [/^incep: error: disk full\nhint: free some space\n$/] },
    ];
    for (const c of failures) {
      it(`prints an emitter's failure: ${c.format}`, async () => {
        const run = await runCli(['compile', 'tiny.incep', '--emit', c.format, '--out', 'o'], { cwd: tmp.dir });
        expect(run.code).to.equal(1);
        expect(run.stdout).to.equal('');
        for (const re of c.stderr) expect(run.stderr).to.match(re);
      });
    }
  });
});
