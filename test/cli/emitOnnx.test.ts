import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';
import { loadModelDir } from '../../src/runtime/loadModelDir.js';
import { tf, type Tensor } from '../../src/runtime/tf.js';
import { onnxOutputs, relativeDiff, tfjsOutputs } from '../onnx/onnxSupport.js';
import { runCli, tempDir, TINY } from './runCli.js';

/** The CLI tests' small model, its convs followed by batch norms (which `--optimize` folds). */
const TINY_BN = TINY.replace('classes 10\n', 'classes 10\n  defaults { conv: bn }\n');

/** The op types of the nodes of an ONNX file. */
async function opTypes(file: string): Promise<string[]> {
  const model = onnxProto.onnx.ModelProto.decode(await readFile(file));
  return (model.graph?.node ?? []).map((n) => n.opType ?? '');
}

describe('cli/emitOnnx: incep compile --emit onnx', function () {
  this.timeout(120_000);
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir({ 'tiny.incep': TINY_BN });
  });
  afterEach(() => tmp.cleanup());

  interface Case {
    name: string;
    args: string[];
    outputs: string[];
    batchNorms: boolean;
  }
  const CASES: Case[] = [
    { name: 'the inference graph', args: [], outputs: ['head_dense1'], batchNorms: true },
    {
      name: 'with --aux, the aux heads as extra outputs',
      args: ['--aux'],
      outputs: ['head_dense1', 'side_dense1'],
      batchNorms: true,
    },
    { name: 'with --optimize, BatchNorm folded', args: ['--optimize'], outputs: ['head_dense1'], batchNorms: false },
  ];

  for (const c of CASES) {
    it(`writes DIR/<Model>.onnx atomically: ${c.name}`, async () => {
      const out = tmp.path('onnx');
      const spec = tmp.path('tiny.incep');
      const run = await runCli(['compile', spec, '--emit', 'onnx', '--out', out, '--backend', 'wasm', ...c.args]);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.equal(`wrote ${out}/Tiny.onnx\n`);
      expect(await readdir(out)).to.deep.equal(['Tiny.onnx']);
      const bytes = await readFile(`${out}/Tiny.onnx`);
      const x = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 5);
      try {
        const got = await onnxOutputs(bytes, x);
        expect(got.names).to.deep.equal(c.outputs);
        expect(got.values[0]).to.have.length(20);
      } finally {
        tf.dispose(x);
      }
      expect((await opTypes(`${out}/Tiny.onnx`)).includes('BatchNormalization')).to.equal(c.batchNorms);
    });
  }

  it('with --weights, the ONNX model computes what the tfjs model with those weights does', async () => {
    const spec = tmp.path('tiny.incep');
    const weights = tmp.path('tfjs');
    const out = tmp.path('onnx');
    expect((await runCli(['compile', spec, '--emit', 'tfjs', '--out', weights, '--backend', 'wasm'])).code).to.equal(0);
    const run = await runCli([
      'compile',
      spec,
      '--emit',
      'onnx',
      '--out',
      out,
      '--weights',
      weights,
      '--backend',
      'wasm',
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/weights: \d+ tensors/);
    const model = await loadModelDir(weights);
    const x: Tensor = tf.randomUniform([2, 32, 32, 3], -1, 1, 'float32', 9);
    try {
      const want = await tfjsOutputs(model, x);
      const got = await onnxOutputs(await readFile(`${out}/Tiny.onnx`), x);
      expect(relativeDiff(got.values[0]!, want[0]!)).to.be.lessThan(1e-4);
    } finally {
      tf.dispose(x);
      model.dispose();
    }
  });

  interface Refusal {
    name: string;
    args: string[];
    stderr: RegExp;
  }
  const REFUSALS: Refusal[] = [
    {
      name: '--optimize with --aux',
      args: ['--optimize', '--aux'],
      stderr: /--optimize makes the inference graph; --aux asks for the training graph/,
    },
    { name: 'an unknown backend', args: ['--backend', 'nope'], stderr: /nope/ },
  ];
  for (const r of REFUSALS) {
    it(`refuses ${r.name} (exit 2), writing nothing`, async () => {
      const run = await runCli([
        'compile',
        tmp.path('tiny.incep'),
        '--emit',
        'onnx',
        '--out',
        tmp.path('o'),
        ...r.args,
      ]);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.match(r.stderr);
      expect(await readdir(tmp.dir)).to.deep.equal(['tiny.incep']);
    });
  }

  it('is listed in `incep compile --help`', async () => {
    const run = await runCli(['compile', '--help']);
    expect(run.stdout).to.match(/onnx\s+an ONNX model \(opset 13, NHWC input\): DIR\/<Model>\.onnx/);
  });
});
