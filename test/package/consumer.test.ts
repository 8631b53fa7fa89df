import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

import { consumerLock } from './consumerLock.js';
import { packedManifest, packIncep, REPO } from './packIncep.js';

/** A command's exit code and output; never rejects. */
async function run(
  file: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

/** The consumer's program: every entry of the package, a generated module, saving and loading. */
const CONSUMER = `import * as tfjs from '@tensorflow/tfjs';
import { compileFile, loadModel, ModelDirError, saveModel } from 'incep';
import { loadModelDir } from 'incep/node';
import { LocalResponseNorm, ScaledAdd, selectBackend, tf } from 'incep/runtime';

import { createGoogLeNet } from '../gen/inception_v1.js';

const compiled = compileFile('node_modules/incep/specs/inception_v3.incep');
const backend = await selectBackend('auto');
const model = createGoogLeNet({ inputShape: [32, 32, 3], classes: 10, width: 0.25 });
const x = tf.randomUniform([2, 32, 32, 3]);
const y = model.predict(x) as tf.Tensor;
await saveModel(model, 'saved');
const again = (await loadModelDir('saved')).predict(x) as tf.Tensor;
const cli = await loadModel('saved-by-cli');
let missing = '';
try {
  await loadModel('no-such-model');
} catch (error) {
  if (error instanceof ModelDirError) missing = error.code;
}
const registered = tf.serialization.SerializationMap.getMap().classNameMap;
console.log(
  JSON.stringify({
    compiled: compiled.ok,
    backend: backend.ok ? backend.backend : backend.message,
    oneTfjs: Object.is(tf, tfjs),
    shape: y.shape,
    finite: Array.from(y.dataSync()).every(Number.isFinite),
    roundTrip: tf.max(tf.abs(tf.sub(y, again))).dataSync()[0],
    cliLayers: cli.layers.length,
    cliHasLrn: cli.layers.some((layer) => layer instanceof LocalResponseNorm),
    missing,
    customLayers: [registered['ScaledAdd']?.[0] === ScaledAdd, registered['LocalResponseNorm']?.[0] === LocalResponseNorm],
  }),
);
`;

/**
 * A project that installs the packed tarball the way a user would, offline: its lockfile holds
 * the versions the repository locked (see consumerLock), so `npm ci --offline` takes every
 * tarball from the local npm cache. One install shared by every case.
 */
describe('package: a project that installs the tarball', function () {
  this.timeout(600_000);
  let dir: string;
  let install: Awaited<ReturnType<typeof run>>;
  let generate: Awaited<ReturnType<typeof run>>;
  let save: Awaited<ReturnType<typeof run>>;

  before(async () => {
    const packed = await packIncep();
    dir = join(packed.dir, 'consumer');
    mkdirSync(join(dir, 'src'), { recursive: true });
    const tarball = `file:${relative(dir, packed.tarball)}`;
    const integrity = `sha512-${createHash('sha512').update(readFileSync(packed.tarball)).digest('base64')}`;
    const repoLock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as Parameters<
      typeof consumerLock
    >[0];
    const lock = consumerLock(repoLock, packedManifest(packed), { spec: tarball, integrity }, ['@types/node']) as {
      packages: Record<string, { dependencies?: Record<string, string> }>;
    };
    const manifest = {
      name: 'consumer',
      version: '1.0.0',
      private: true,
      type: 'module',
      dependencies: lock.packages['']!.dependencies,
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
    install = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], dir);
    const incep = join(dir, 'node_modules/.bin/incep');
    const spec = 'node_modules/incep/specs/inception_v1.incep';
    generate = await run(incep, ['compile', spec, '--emit', 'ts', '--out', 'gen'], dir);
    const small = ['--input', '32x32x3', '--classes', '10', '--width', '0.25', '--backend', 'cpu'];
    save = await run(incep, ['compile', spec, '--emit', 'tfjs', '--out', 'saved-by-cli', ...small], dir);
  });

  it('installs offline', () => {
    expect(install.code, install.stderr).to.equal(0);
    expect(existsSync(join(dir, 'node_modules/incep/dist/src/index.js'))).to.equal(true);
  });

  it('has one copy of @tensorflow/tfjs and of tfjs-core, and no tsx', async () => {
    for (const name of ['@tensorflow/tfjs', '@tensorflow/tfjs-core']) {
      const ls = await run('npm', ['ls', name, '--all', '--parseable'], dir);
      expect(ls.code, ls.stderr).to.equal(0);
      const copies = new Set(ls.stdout.split('\n').filter((line) => line.endsWith(name)));
      expect([...copies], name).to.have.length(1);
    }
    expect(existsSync(join(dir, 'node_modules/tsx'))).to.equal(false);
  });

  it('compiles a zoo spec to a TypeScript module and to a saved tfjs model with its CLI', () => {
    expect(generate.code, generate.stderr).to.equal(0);
    expect(save.code, save.stderr).to.equal(0);
    expect(existsSync(join(dir, 'saved-by-cli/model.json'))).to.equal(true);
  });

  it('runs `npx incep check` on a zoo spec', async () => {
    const check = await run('npx', ['--offline', 'incep', 'check', 'node_modules/incep/specs/inception_v3.incep'], dir);
    expect(check.code, check.stderr).to.equal(0);
    expect(check.stdout).to.match(/inception_v3\.incep: ok \(InceptionV3, 313 layers/);
  });

  describe('a TypeScript program using incep, incep/runtime, incep/node and a generated module', () => {
    let typecheck: Awaited<ReturnType<typeof run>>;
    let program: Awaited<ReturnType<typeof run>>;

    before(async () => {
      writeFileSync(join(dir, 'src/consumer.ts'), CONSUMER);
      const compilerOptions = {
        strict: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        types: ['node'],
        // Checks incep's declarations too; tfjs's own are checked as well, and fail (below).
        skipLibCheck: false,
        outDir: 'build',
        rootDir: '.',
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src', 'gen'] }));
      typecheck = await run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', '.'], dir);
      program = await run(process.execPath, ['build/src/consumer.js'], dir);
    });

    it('type-checks under strict with the repository’s TypeScript', () => {
      // tfjs 4.22's declarations do not pass a strict check of library files (a missing `Long`,
      // PyJsonValue index signatures), which is why the repository sets skipLibCheck; every other
      // file, incep's declarations, the generated module and the program among them, must.
      const errors = (typecheck.stdout + typecheck.stderr)
        .split('\n')
        .filter((line) => /^\S.*error TS\d+/.test(line))
        .filter((line) => !line.startsWith('node_modules/@tensorflow/'));
      expect(errors).to.deep.equal([]);
      expect(typecheck.stdout).to.match(/error TS/, 'the check ran and saw tfjs');
    });

    it('builds the generated model, predicts, saves and loads, on the one tfjs', () => {
      expect(program.code, program.stderr).to.equal(0);
      const result = JSON.parse(program.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
      expect(result).to.deep.include({
        compiled: true,
        backend: 'wasm',
        oneTfjs: true,
        shape: [2, 10],
        finite: true,
        roundTrip: 0,
        cliHasLrn: true,
        missing: 'NOT_FOUND',
        customLayers: [true, true],
      });
      expect(result['cliLayers']).to.be.greaterThan(50);
    });
  });

  it('bundles for the browser through the package’s exports, keeping the layer registration', async () => {
    // A bare import is what package.json's sideEffects must keep: without it, a bundler drops it.
    writeFileSync(join(dir, 'registerOnly.js'), "import 'incep/runtime';\n");
    const bundle = await build({
      absWorkingDir: dir,
      entryPoints: ['./gen/inception_v1.ts', './registerOnly.js'],
      outdir: 'bundle',
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(bundle.outputFiles).to.have.length(2);
    for (const output of bundle.outputFiles) {
      expect(output.text, output.path).not.to.match(/(from|import|require)\s*\(?\s*["']node:/);
      expect(output.text, output.path).to.match(/^registerCustomLayers\(\);$/m);
    }
  });
});
