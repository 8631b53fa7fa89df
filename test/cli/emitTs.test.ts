import { readFile, readdir } from 'node:fs/promises';
import { expect } from 'chai';
import { GENERATED_MARKER } from '../../src/backends/typescript/emitTypeScript.js';
import { runCli, tempDir, TINY, V3 } from './runCli.js';

describe('cli/emitTs: incep compile --emit ts', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir({ 'tiny.incep': TINY, 'other.incep': TINY.replace('model Tiny', 'model Other') });
  });
  afterEach(() => tmp.cleanup());

  it('writes <spec>.ts, generated-marked, importing tfjs and the runtime', async () => {
    const run = await runCli(['compile', tmp.path('tiny.incep'), '--emit', 'ts', '--out', tmp.path('out')]);
    expect(run.code, run.stderr).to.equal(0);
    const code = await readFile(tmp.path('out/tiny.ts'), 'utf8');
    expect(code.startsWith(GENERATED_MARKER)).to.equal(true);
    expect(code).to.include('import * as tf from "@tensorflow/tfjs";');
    expect(code).to.include('import { Build, type ConvOptions, type T } from "incep/runtime";');
    expect(code).to.include('export function createTiny(');
    expect(run.stdout).to.match(/wrote .*tiny\.ts/);
  });

  it('compiles several specs into one directory, one module each', async () => {
    const run = await runCli([
      'compile',
      tmp.path('tiny.incep'),
      tmp.path('other.incep'),
      '--emit',
      'ts',
      '--out',
      tmp.path('out'),
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect((await readdir(tmp.path('out'))).sort()).to.deep.equal(['other.ts', 'tiny.ts']);
  });

  it('--tf-module changes the tfjs import', async () => {
    const run = await runCli([
      'compile',
      tmp.path('tiny.incep'),
      '--emit',
      'ts',
      '--out',
      tmp.path('out'),
      '--tf-module',
      '@tensorflow/tfjs-node-gpu',
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(await readFile(tmp.path('out/tiny.ts'), 'utf8')).to.include(
      'import * as tf from "@tensorflow/tfjs-node-gpu";',
    );
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['--weights with ts', ['--emit', 'ts', '--weights', 'w'], /--weights goes with --emit tfjs/],
    ['--tf-module with ir', ['--emit', 'ir', '--tf-module', 'x'], /--tf-module goes with --emit ts/],
    ['two files into one tfjs directory', ['--emit', 'tfjs', 'EXTRA'], /--emit tfjs takes one FILE/],
    ['a width above 4', ['--emit', 'ts', '--width', '5'], /--width expects a number above 0 and at most 4/],
    ['a width that is not a number', ['--emit', 'ts', '--width', 'half'], /--width expects/],
  ];
  for (const [name, extra, message] of usage) {
    it(`${name} is a usage error (exit 2), nothing written`, async () => {
      const args = extra.map((a) => (a === 'EXTRA' ? tmp.path('other.incep') : a));
      const run = await runCli(['compile', tmp.path('tiny.incep'), '--out', tmp.path('out'), ...args]);
      expect(run.code, run.stderr).to.equal(2);
      expect(run.stderr).to.match(message);
      expect(await readdir(tmp.dir)).not.to.include('out');
    });
  }

  it('--width thins the model on every command', async () => {
    const full = JSON.parse((await runCli(['summary', V3, '--json'])).stdout) as { params: { total: number } };
    const half = await runCli(['summary', V3, '--json', '--width', '0.5']);
    expect(half.code, half.stderr).to.equal(0);
    expect(full.params.total).to.equal(23_851_784);
    // InceptionV3 at half width (TF-slim rounding, min depth 16), as `compileFile(…, { width: 0.5 })` counts it.
    expect((JSON.parse(half.stdout) as { params: { total: number } }).params.total).to.equal(6_488_824);
  });
});
