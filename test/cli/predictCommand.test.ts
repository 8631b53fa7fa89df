import { writeFile } from 'node:fs/promises';
import { expect } from 'chai';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compile } from '../../src/compile.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import { tf, type Tensor } from '../../src/runtime/tf.js';
import { writeKerasWeightsDir } from '../support/kerasWeightsDir.js';
import { runCli, tempDir } from './runCli.js';

// A small classifier whose layers Keras would auto-name conv2d_1, batch_normalization_1, …
const SPEC = `model Small {
  input 24x24x3
  classes 3
  defaults { conv: nobias bn(scale=false) relu same }
  stem { conv 8 3x3 /2; conv 8 3x3 }
  head { globalavgpool as avg_pool; dense classes softmax as predictions }
}
`;
const WEIGHTS = [
  { name: 'conv2d_1/kernel', shape: [3, 3, 3, 8] },
  { name: 'batch_normalization_1/beta', shape: [8] },
  { name: 'batch_normalization_1/moving_mean', shape: [8] },
  { name: 'batch_normalization_1/moving_variance', shape: [8] },
  { name: 'conv2d_2/kernel', shape: [3, 3, 8, 8] },
  { name: 'batch_normalization_2/beta', shape: [8] },
  { name: 'batch_normalization_2/moving_mean', shape: [8] },
  { name: 'batch_normalization_2/moving_variance', shape: [8] },
  { name: 'predictions/kernel', shape: [8, 3] },
  { name: 'predictions/bias', shape: [3] },
];

/** A 40x30 RGB test picture: a colour gradient, so classes differ between pictures. */
function picture(seed: number): Uint8Array {
  const data = new Uint8Array(40 * 30 * 4);
  for (let i = 0; i < 40 * 30; i++) {
    data[4 * i] = (i * 7 + seed * 50) % 256;
    data[4 * i + 1] = (i * 3 + seed * 90) % 256;
    data[4 * i + 2] = (seed * 120 + (i % 40) * 5) % 256;
    data[4 * i + 3] = 255;
  }
  return data;
}

describe('cli/predictCommand: incep predict', function () {
  this.timeout(120_000);
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    tmp = await tempDir({
      'small.incep': SPEC,
      'junk.jpg': 'not an image',
      'grey.incep': SPEC.replace('input 24x24x3', 'input 24x24x1'),
      'headless.incep': SPEC.replace(
        '  head { globalavgpool as avg_pool; dense classes softmax as predictions }\n',
        '',
      ),
    });
    await writeKerasWeightsDir(tmp.path('weights'), WEIGHTS);
    const png = new PNG({ width: 40, height: 30 });
    png.data = Buffer.from(picture(1));
    await writeFile(tmp.path('a.png'), PNG.sync.write(png));
    await writeFile(tmp.path('b.jpg'), jpeg.encode({ data: Buffer.from(picture(2)), width: 40, height: 30 }, 95).data);
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });
  after(() => tmp.cleanup());

  it('prints the top classes of each image, as the model computes them', async () => {
    const run = await runCli([
      'predict',
      tmp.path('small.incep'),
      tmp.path('a.png'),
      tmp.path('b.jpg'),
      '--weights',
      tmp.path('weights'),
      '--json',
      '--top',
      '3',
      '--backend',
      'wasm',
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/backend: wasm/);
    const out = JSON.parse(run.stdout) as {
      backend: string;
      model: string;
      images: Array<{ file: string; predictions: Array<{ index: number; label: string; probability: number }> }>;
    };
    expect(out.backend).to.equal('wasm');
    expect(out.images.map((i) => i.predictions.length)).to.deep.equal([3, 3]);

    // The same computation by hand: Keras's 'tf' preprocessing and the weights set by name.
    const model = buildModel(compile(SPEC).ir!);
    const { values } = await writeKerasWeightsDir(tmp.path('again'), WEIGHTS);
    for (const layer of model.layers) {
      const ws = layer.weights.map((w) => {
        const keras = {
          small_stem_conv1: 'conv2d_1',
          stem_conv1: 'conv2d_1',
          stem_conv1_bn: 'batch_normalization_1',
          stem_conv2: 'conv2d_2',
          stem_conv2_bn: 'batch_normalization_2',
          predictions: 'predictions',
        }[layer.name];
        return tf.tensor(values.get(`${keras}/${w.originalName.split('/').pop()}`)!, w.shape as number[]);
      });
      if (ws.length > 0) layer.setWeights(ws);
    }
    for (const [k, seed] of [
      [0, 1],
      [1, 2],
    ] as const) {
      const rgb =
        k === 0
          ? picture(seed)
          : jpeg.decode(jpeg.encode({ data: Buffer.from(picture(seed)), width: 40, height: 30 }, 95).data, {
              useTArray: true,
            }).data;
      const x = tf.tidy(() =>
        tf.image
          .resizeBilinear(tf.tensor3d(rgb, [30, 40, 4], 'int32').slice([0, 0, 0], [30, 40, 3]).toFloat(), [24, 24])
          .div(127.5)
          .sub(1)
          .expandDims(0),
      );
      const probs = Array.from(await (model.predict(x) as Tensor).data());
      const best = probs.indexOf(Math.max(...probs));
      expect(out.images[k]!.predictions[0]!.index).to.equal(best);
      expect(out.images[k]!.predictions[0]!.probability).to.be.closeTo(probs[best]!, 1e-5);
      expect(out.images[k]!.predictions[0]!.label).to.equal(`class ${best}`);
    }
  });

  it('prints a ranked text table without --json', async () => {
    const run = await runCli([
      'predict',
      tmp.path('small.incep'),
      tmp.path('a.png'),
      '--weights',
      tmp.path('weights'),
      '--backend',
      'wasm',
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/a\.png\n {3}1\. +\d+\.\d\d% {2}class \d \(\d\)\n {3}2\./);
  });

  /** `incep predict --json` on several images (repeats included, so a pool has more than one each). */
  async function predictJson(...extra: string[]) {
    const files = ['a.png', 'b.jpg', 'b.jpg', 'a.png', 'b.jpg'].map((f) => tmp.path(f));
    const run = await runCli([
      'predict',
      tmp.path('small.incep'),
      ...files,
      '--weights',
      tmp.path('weights'),
      '--json',
      ...extra,
    ]);
    expect(run.code, run.stderr).to.equal(0);
    const out = JSON.parse(run.stdout) as {
      backend: string;
      images: Array<{ file: string; predictions: Array<{ index: number; label: string; probability: number }> }>;
    };
    expect(out.images.map((i) => i.file)).to.deep.equal(files);
    return { ...out, stderr: run.stderr };
  }

  it('gives the same predictions, in the same order, with --workers 2 as in one thread', async () => {
    const one = await predictJson('--backend', 'wasm', '--top', '3');
    const two = await predictJson('--backend', 'wasm', '--top', '3', '--workers', '2');
    expect(two.stderr).to.match(/backend: wasm — .*; 2 worker threads/);
    expect(two.images).to.deep.equal(one.images);
  });

  it('gives the tfjs predictions with --backend onnx (probabilities within 1e-4)', async () => {
    const tfjs = await predictJson('--backend', 'wasm', '--top', '3');
    const onnx = await predictJson('--backend', 'onnx', '--threads', '1', '--top', '3');
    expect(onnx.backend).to.equal('onnx');
    expect(onnx.stderr).to.match(/backend: onnx — onnxruntime-node/);
    for (const [i, image] of onnx.images.entries()) {
      const expected = tfjs.images[i]!.predictions;
      expect(image.predictions.map((p) => p.index)).to.deep.equal(expected.map((p) => p.index));
      image.predictions.forEach((p, j) => expect(p.probability).to.be.closeTo(expected[j]!.probability, 1e-4));
    }
  });

  for (const [spec, message] of [
    ['grey.incep', /predict reads RGB images, but .* takes 1 channels/],
    ['headless.incep', /predict needs a classifier ending in `dense classes softmax`/],
  ] as const) {
    it(`refuses ${spec}: not an RGB classifier (exit 1)`, async () => {
      const run = await runCli([
        'predict',
        tmp.path(spec),
        tmp.path('a.png'),
        '--weights',
        tmp.path('weights'),
        '--backend',
        'wasm',
      ]);
      expect(run.code, run.stderr).to.equal(1);
      expect(run.stderr).to.match(message);
    });
  }

  const failures: Array<[string, () => string[], number, RegExp]> = [
    ['a missing --weights is a usage error', () => [tmp.path('a.png')], 2, /missing --weights DIR/],
    [
      'a bad --top is a usage error',
      () => [tmp.path('a.png'), '--weights', tmp.path('weights'), '--top', '0'],
      2,
      /--top expects/,
    ],
    [
      'a file that is no image fails with its name',
      () => [tmp.path('junk.jpg'), '--weights', tmp.path('weights')],
      1,
      /junk\.jpg': not a JPEG or PNG image/,
    ],
    [
      'a missing image fails with its name',
      () => [tmp.path('nope.png'), '--weights', tmp.path('weights')],
      1,
      /cannot read .*nope\.png': no such file/,
    ],
    [
      'weights of another shape are refused',
      () => [tmp.path('a.png'), '--weights', tmp.path('weights'), '--classes', '4'],
      1,
      /predictions\/kernel/,
    ],
    [
      'a missing weights directory is refused',
      () => [tmp.path('a.png'), '--weights', tmp.path('none')],
      1,
      /no weights directory at '.*none'/,
    ],
  ];
  for (const [name, args, code, message] of failures) {
    it(`${name} (exit ${code})`, async () => {
      const run = await runCli(['predict', tmp.path('small.incep'), ...args(), '--backend', 'wasm']);
      expect(run.code, run.stderr).to.equal(code);
      expect(run.stderr).to.match(message);
      expect(run.stderr).not.to.match(/\n\s+at /);
    });
  }
});
