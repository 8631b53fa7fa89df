import { assert, expect } from 'chai';
import { inspect } from 'node:util';

import { ScaledAdd } from '../../../src/runtime/layers/ScaledAdd.js';
import { selectBackend } from '../../../src/runtime/selectBackend.js';
import { tf } from '../../../src/runtime/tf.js';
import type { LayersModel, ModelArtifacts, Shape, SymbolicTensor, Tensor } from '../../../src/runtime/tf.js';

/** Saves and reloads through tfjs's own in-memory handlers (JSON + weights). */
async function roundTrip(model: LayersModel): Promise<{ artifacts: ModelArtifacts; loaded: LayersModel }> {
  let artifacts: ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler((a) => {
      artifacts = a;
      return Promise.resolve({ modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) });
    }),
  );
  if (artifacts === undefined) throw new Error('save handler was not called');
  // Re-parse so nothing but the serialized JSON carries over.
  const topology = JSON.parse(JSON.stringify(artifacts.modelTopology)) as object;
  const loaded = await tf.loadLayersModel(tf.io.fromMemory({ ...artifacts, modelTopology: topology }));
  return { artifacts, loaded };
}

describe('runtime/layers/ScaledAdd', () => {
  before(async () => {
    const result = await selectBackend('cpu');
    expect(result.ok).to.equal(true);
  });

  describe('numerics: shortcut + scale * residual', () => {
    const cases: Array<{ scale: number; shape: number[] }> = [
      { scale: 0.17, shape: [2, 3] },
      { scale: 0.1, shape: [1, 4, 4, 3] },
      { scale: 1, shape: [5] },
      { scale: 0, shape: [2, 2] },
      { scale: -0.5, shape: [3, 1, 2] },
    ];
    for (const { scale, shape } of cases) {
      it(`scale ${scale}, shape [${shape.join(', ')}]`, () => {
        const shortcut = tf.randomNormal(shape, 0, 1, 'float32', 1);
        const residual = tf.randomNormal(shape, 0, 1, 'float32', 2);
        const output = new ScaledAdd({ scale }).apply([shortcut, residual]) as Tensor;
        expect(output.shape).to.deep.equal(shape);
        const s = shortcut.dataSync();
        const r = residual.dataSync();
        Array.from(output.dataSync()).forEach((value, i) => {
          expect(value).to.be.closeTo(s[i]! + scale * r[i]!, 1e-6);
        });
        tf.dispose([shortcut, residual, output]);
      });
    }

    it('does not leak tensors', () => {
      const a = tf.ones([2, 2]);
      const b = tf.ones([2, 2]);
      const before = tf.memory().numTensors;
      const out = new ScaledAdd({ scale: 0.2 }).apply([a, b]) as Tensor;
      expect(tf.memory().numTensors).to.equal(before + 1);
      tf.dispose([a, b, out]);
    });
  });

  describe('computeOutputShape', () => {
    const cases: Array<{ inputs: Shape[]; output: Shape }> = [
      {
        inputs: [
          [null, 8, 8, 32],
          [null, 8, 8, 32],
        ],
        output: [null, 8, 8, 32],
      },
      {
        inputs: [
          [4, null, 8, 32],
          [null, 8, 8, 32],
        ],
        output: [4, 8, 8, 32],
      },
      {
        inputs: [
          [null, 1536],
          [null, 1536],
        ],
        output: [null, 1536],
      },
    ];
    for (const { inputs, output } of cases) {
      it(`${JSON.stringify(inputs)} -> ${JSON.stringify(output)}`, () => {
        expect(new ScaledAdd({ scale: 1 }).computeOutputShape(inputs)).to.deep.equal(output);
      });
    }

    it('gives symbolic outputs the merged shape', () => {
      const a = tf.input({ shape: [8, 8, 32] });
      const b = tf.input({ shape: [8, 8, 32] });
      const out = new ScaledAdd({ scale: 0.17 }).apply([a, b]) as SymbolicTensor;
      expect(out.shape).to.deep.equal([null, 8, 8, 32]);
    });
  });

  describe('rejects miswired inputs with a clear message', () => {
    const cases: Array<{ name: string; inputs: () => SymbolicTensor | SymbolicTensor[]; message: RegExp }> = [
      {
        name: 'channel mismatch',
        inputs: () => [tf.input({ shape: [8, 8, 32] }), tf.input({ shape: [8, 8, 64] })],
        message:
          /ScaledAdd layer 'block': shortcut shape \[null, 8, 8, 32\] and residual shape \[null, 8, 8, 64\] must be identical/,
      },
      {
        name: 'rank mismatch',
        inputs: () => [tf.input({ shape: [8, 8, 32] }), tf.input({ shape: [64, 32] })],
        message: /shortcut shape \[null, 8, 8, 32\] and residual shape \[null, 64, 32\]/,
      },
      {
        name: 'a single input',
        inputs: () => tf.input({ shape: [8, 8, 32] }),
        message: /expects exactly 2 inputs \[shortcut, residual\], got a single input/,
      },
      {
        name: 'three inputs',
        inputs: () => [1, 2, 3].map(() => tf.input({ shape: [4] })),
        message: /expects exactly 2 inputs \[shortcut, residual\], got 3/,
      },
    ];
    for (const c of cases) {
      it(c.name, () => {
        expect(() => new ScaledAdd({ scale: 1, name: 'block' }).apply(c.inputs())).to.throw(c.message);
      });
    }

    it('also checks concrete tensors in eager calls', () => {
      const a = tf.zeros([2, 3]);
      const b = tf.zeros([2, 4]);
      expect(() => new ScaledAdd({ scale: 1 }).apply([a, b])).to.throw(/\[2, 3\] and residual shape \[2, 4\]/);
      tf.dispose([a, b]);
    });
  });

  describe('config', () => {
    for (const scale of [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '0.1' as unknown as number,
      undefined as unknown as number,
    ]) {
      it(`rejects scale ${inspect(scale)}`, () => {
        expect(() => new ScaledAdd({ scale })).to.throw(/'scale' must be a finite number/);
      });
    }

    it('getConfig/fromConfig round-trips scale and base layer fields', () => {
      const layer = new ScaledAdd({ scale: 0.17, name: 'block35_1', trainable: false });
      const config = layer.getConfig();
      expect(config).to.include({ scale: 0.17, name: 'block35_1', trainable: false });
      const clone = ScaledAdd.fromConfig(ScaledAdd, config);
      assert.instanceOf(clone, ScaledAdd);
      expect(clone.scale).to.equal(0.17);
      expect(clone.name).to.equal('block35_1');
      expect(clone.getConfig()).to.deep.equal(config);
    });

    it('is registered for deserialization under its class name', () => {
      const entry = tf.serialization.SerializationMap.getMap().classNameMap['ScaledAdd'];
      expect(entry?.[0]).to.equal(ScaledAdd);
    });
  });

  it('survives a model save/load with identical predictions', async () => {
    const input = tf.input({ shape: [4, 4, 3] });
    const branch = tf.layers.conv2d({ filters: 3, kernelSize: 1, name: 'branch' }).apply(input) as SymbolicTensor;
    const merged = new ScaledAdd({ scale: 0.2, name: 'scaled' }).apply([input, branch]) as SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: merged });

    const { artifacts, loaded } = await roundTrip(model);

    const layers = (artifacts.modelTopology as { config: { layers: Array<{ class_name: string; config: object }> } })
      .config.layers;
    expect(layers.find((l) => l.class_name === 'ScaledAdd')?.config).to.include({ scale: 0.2, name: 'scaled' });
    const restored = loaded.getLayer('scaled');
    assert.instanceOf(restored, ScaledAdd);
    expect(restored.scale).to.equal(0.2);

    const x = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 3);
    const expected = model.predict(x) as Tensor;
    const actual = loaded.predict(x) as Tensor;
    expect(actual.arraySync()).to.deep.equal(expected.arraySync());
    tf.dispose([x, expected, actual]);
  });
});
