import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

import { packIncep } from './packIncep.js';

/** The oldest tfjs package.json's peer range claims (`^4.19.0`): the range is only true if it works. */
const LOWEST = '4.19.0';

async function run(file: string, args: string[], cwd: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      out: `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
    };
  }
}

/** Both custom layers, inference after a save and load, on the wasm backend of the project's tfjs. */
const PROGRAM = `import * as tfjs from '@tensorflow/tfjs';
import { buildModel, compile, loadModel, saveModel } from 'incep';
import { selectBackend, tf } from 'incep/runtime';

const spec = \`model Both {
  input 32x32x3
  classes 4
  defaults { conv: same relu bn(scale=false) }
  block Res residual(scale=0.2) { branch a { conv 8 1x1 } branch b { conv 8 1x1; conv 8 3x3 } project conv in 1x1 bias linear nobn }
  stem { conv 8 3x3 /2; lrn }
  body { Res x 2 as res }
  head { globalavgpool; dense classes softmax }
}\`;
const backend = await selectBackend('wasm');
const model = buildModel(compile(spec, { filename: 'both.incep' }).ir);
const x = tf.randomUniform([2, 32, 32, 3]);
const y = model.predict(x);
await saveModel(model, 'saved');
const again = (await loadModel('saved')).predict(x);
console.log(JSON.stringify({
  backend: backend.ok ? backend.backend : backend.message,
  version: tf.version.tfjs,
  oneTfjs: Object.is(tf, tfjs),
  roundTrip: tf.max(tf.abs(tf.sub(y, again))).dataSync()[0],
  sums: Array.from(tf.sum(y, 1).dataSync()).map((s) => Math.round(s * 1000) / 1000),
}));
`;

/**
 * A project on the oldest tfjs incep claims to support installs the packed tarball; its tfjs
 * comes from the npm registry (the repository develops against 4.22, which the other consumer
 * test installs offline). incep must use that tfjs — one copy — to build, run, save and load its
 * custom layers, and to train on wasm (incep's wasm gradient kernels and the BatchNorm patch reach
 * into tfjs internals, which is what bounds the range from below).
 */
describe(`package: a project on the lowest claimed tfjs (${LOWEST})`, function () {
  this.timeout(600_000);
  let dir: string;
  let install: Awaited<ReturnType<typeof run>>;

  before(async () => {
    const packed = await packIncep();
    dir = join(packed.dir, 'lowest');
    mkdirSync(dir, { recursive: true });
    const manifest = {
      name: 'lowest',
      version: '1.0.0',
      private: true,
      type: 'module',
      dependencies: {
        '@tensorflow/tfjs': LOWEST,
        '@tensorflow/tfjs-backend-wasm': LOWEST,
        incep: `file:${relative(dir, packed.tarball)}`,
      },
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    install = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], dir);
  });

  it(`installs with tfjs ${LOWEST}: one tfjs-core, at that version`, async () => {
    expect(install.code, install.out).to.equal(0);
    const ls = await run('npm', ['ls', '@tensorflow/tfjs-core', '--all', '--parseable', '--long'], dir);
    expect(ls.code, ls.out).to.equal(0);
    const copies = new Set(ls.out.split('\n').filter((line) => line.includes('@tensorflow/tfjs-core@')));
    expect([...copies].map((line) => line.replace(/^.*@tensorflow\/tfjs-core@/, '').split(':')[0])).to.deep.equal([
      LOWEST,
    ]);
  });

  it('builds both custom layers, predicts, saves and loads on wasm', async () => {
    writeFileSync(join(dir, 'program.mjs'), PROGRAM);
    const program = await run(process.execPath, ['program.mjs'], dir);
    expect(program.code, program.out).to.equal(0);
    const result = JSON.parse(program.out.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(result).to.deep.equal({ backend: 'wasm', version: LOWEST, oneTfjs: true, roundTrip: 0, sums: [1, 1] });
  });

  it('trains a step on wasm with its CLI (the gradient kernels incep adds, BatchNorm without scale)', async () => {
    writeFileSync(
      join(dir, 'tiny.incep'),
      'model Tiny {\n  input 16x16x3\n  classes 2\n  defaults { conv: same relu bn(scale=false) }\n  stem { conv 8 3x3 /2 }\n  body { conv 8 1x7; conv 8 7x1 }\n  head { globalavgpool; dense classes softmax }\n  train { optimizer rmsprop(lr=0.01); epochs 1; batch 4 }\n}\n',
    );
    const train = await run(
      join(dir, 'node_modules/.bin/incep'),
      ['train', 'tiny.incep', '--synthetic', '8', '--out', 'run', '--backend', 'wasm', '--json'],
      dir,
    );
    expect(train.code, train.out).to.equal(0);
    const json = JSON.parse(
      train.out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop()!,
    ) as {
      epochs: Array<{ loss: number }>;
    };
    expect(json.epochs).to.have.length(1);
    expect(Number.isFinite(json.epochs[0]!.loss)).to.equal(true);
  });
});
