import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import * as runtime from '../../src/runtime/index.js';
import * as node from '../../src/runtime/node.js';
import { tf } from '../../src/runtime/tf.js';
import type { ModelArtifacts, SymbolicTensor, Tensor } from '../../src/runtime/tf.js';

describe('runtime/index', () => {
  const expected: Array<[string, unknown]> = [
    ['tf', tf],
    ['Build', 'function'],
    ['selectBackend', 'function'],
    ['BACKEND_CHOICES', 'array'],
    ['ScaledAdd', 'function'],
    ['LocalResponseNorm', 'function'],
    ['registerCustomLayers', 'function'],
  ];

  for (const [name, kind] of expected) {
    it(`exports ${name}`, () => {
      const value = (runtime as Record<string, unknown>)[name];
      if (typeof kind === 'string') {
        expect(value).to.be.a(kind);
      } else {
        expect(value).to.equal(kind);
      }
    });
  }

  // The browser-safe entry must not offer what needs the file system; `incep/node` does.
  for (const name of ['loadModelDir', 'saveModelDir', 'readModelArtifacts', 'ModelDirError']) {
    it(`leaves ${name} to incep/node`, () => {
      expect(runtime).not.to.have.property(name);
      expect((node as Record<string, unknown>)[name]).to.be.a('function');
    });
  }

  it('has registered the custom layers by the time it is imported', () => {
    const registered = tf.serialization.SerializationMap.getMap().classNameMap;
    expect(registered['ScaledAdd']?.[0]).to.equal(runtime.ScaledAdd);
    expect(registered['LocalResponseNorm']?.[0]).to.equal(runtime.LocalResponseNorm);
  });
});

describe('runtime/index: a saved model loads with the stock tf.loadLayersModel', () => {
  const repo = fileURLToPath(new URL('../../', import.meta.url));
  let dir: string;
  let expected: number[];

  // A model with both custom layers, saved through an in-memory handler; its artifacts go to a
  // file a fresh Node process reads, so nothing but that process's own imports registers layers.
  before(async () => {
    const input = tf.input({ shape: [4, 4, 2] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' }).apply(input) as SymbolicTensor;
    const lrn = new runtime.LocalResponseNorm({ depthRadius: 1 }).apply(conv) as SymbolicTensor;
    const merged = new runtime.ScaledAdd({ scale: 0.2 }).apply([input, lrn]) as SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: merged });
    let artifacts: ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (saved) => {
        artifacts = saved;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const x = tf.linspace(-1, 1, 32).reshape([1, 4, 4, 2]);
    expected = Array.from((model.predict(x) as Tensor).dataSync());
    dir = await mkdtemp(join(tmpdir(), 'incep-stock-load-'));
    const weights = Buffer.from(artifacts!.weightData as ArrayBuffer).toString('base64');
    await writeFile(join(dir, 'artifacts.json'), JSON.stringify({ ...artifacts, weightData: weights }));
  });

  after(() => rm(dir, { recursive: true, force: true }));

  /** Loads the saved model in a fresh process that runs `imports` first; its stdout and stderr. */
  async function loadFresh(imports: string): Promise<string> {
    const script = [
      "import * as tf from '@tensorflow/tfjs';",
      "import { readFileSync } from 'node:fs';",
      imports,
      `const saved = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'artifacts.json'))}, 'utf8'));`,
      "const bytes = Buffer.from(saved.weightData, 'base64');",
      'saved.weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);',
      'try {',
      '  const model = await tf.loadLayersModel(tf.io.fromMemory(saved));',
      '  const x = tf.linspace(-1, 1, 32).reshape([1, 4, 4, 2]);',
      "  console.log('OUTPUT ' + JSON.stringify(Array.from(model.predict(x).dataSync())));",
      '} catch (error) {',
      "  console.log('FAILED ' + error.message);",
      '}',
    ].join('\n');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: repo },
    );
    return stdout;
  }

  it('after nothing but importing the runtime', async () => {
    const stdout = await loadFresh("import './src/runtime/index.ts';");
    const line = stdout.split('\n').find((l) => l.startsWith('OUTPUT ')) ?? stdout;
    const output = JSON.parse(line.slice('OUTPUT '.length)) as number[];
    expect(output).to.have.length(expected.length);
    output.forEach((value, i) => expect(value).to.be.closeTo(expected[i]!, 1e-5));
  });

  it('and not without it (control)', async () => {
    expect(await loadFresh('')).to.match(/FAILED Unknown layer: (ScaledAdd|LocalResponseNorm)/);
  });
});
