import { expect } from 'chai';
import { inspect } from 'node:util';

import { LocalResponseNorm } from '../../../src/runtime/layers/LocalResponseNorm.js';
import type { LocalResponseNormArgs, LocalResponseNormParams } from '../../../src/runtime/layers/LocalResponseNorm.js';
import { selectBackend } from '../../../src/runtime/selectBackend.js';
import { tf } from '../../../src/runtime/tf.js';
import type { Rank, SymbolicTensor, Tensor } from '../../../src/runtime/tf.js';

const GOOGLENET: LocalResponseNormParams = { depthRadius: 2, bias: 1, alpha: 2e-5, beta: 0.75 };

describe('runtime/layers/LocalResponseNorm', () => {
  after(async () => {
    await selectBackend('cpu');
  });

  describe('matches tf.localResponseNormalization', () => {
    const params: Array<{ name: string; args: LocalResponseNormArgs; expected: LocalResponseNormParams }> = [
      { name: 'GoogLeNet defaults', args: {}, expected: GOOGLENET },
      {
        name: 'AlexNet-style',
        args: { depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 },
        expected: { depthRadius: 2, bias: 2, alpha: 1e-4, beta: 0.75 },
      },
      {
        name: 'tf defaults',
        args: { depthRadius: 5, bias: 1, alpha: 1, beta: 0.5 },
        expected: { depthRadius: 5, bias: 1, alpha: 1, beta: 0.5 },
      },
      { name: 'radius 0, one override', args: { depthRadius: 0 }, expected: { ...GOOGLENET, depthRadius: 0 } },
    ];
    for (const backend of ['cpu', 'wasm'] as const) {
      for (const { name, args, expected } of params) {
        it(`${name} on ${backend}`, async () => {
          const selected = await selectBackend(backend);
          expect(selected.ok, JSON.stringify(selected)).to.equal(true);
          // Large values so the normalization actually changes the result.
          const x = tf.randomNormal<Rank.R4>([2, 5, 5, 12], 0, 10, 'float32', 7);
          const layer = new LocalResponseNorm(args);
          const actual = layer.apply(x) as Tensor;
          const direct = tf.localResponseNormalization(
            x,
            expected.depthRadius,
            expected.bias,
            expected.alpha,
            expected.beta,
          );
          expect(actual.shape).to.deep.equal([2, 5, 5, 12]);
          expect(actual.arraySync()).to.deep.equal(direct.arraySync());
          tf.dispose([x, actual, direct]);
        });
      }
    }
  });

  describe('config', () => {
    it('exposes the GoogLeNet values it defaults to', () => {
      expect(LocalResponseNorm.GOOGLENET).to.deep.equal(GOOGLENET);
      expect(Object.isFrozen(LocalResponseNorm.GOOGLENET)).to.equal(true);
    });

    it('always serializes all four parameters, even when defaulted', () => {
      const config = new LocalResponseNorm({ name: 'lrn1' }).getConfig();
      expect(config).to.include({ name: 'lrn1', ...GOOGLENET });
    });

    it('getConfig/fromConfig round-trips', () => {
      const layer = new LocalResponseNorm({ depthRadius: 3, bias: 2, alpha: 1e-3, beta: 0.5, name: 'norm' });
      const clone = LocalResponseNorm.fromConfig(LocalResponseNorm, layer.getConfig());
      expect(clone).to.be.instanceOf(LocalResponseNorm);
      expect(clone.getConfig()).to.deep.equal(layer.getConfig());
    });

    it('is registered for deserialization under its class name', () => {
      const entry = tf.serialization.SerializationMap.getMap().classNameMap['LocalResponseNorm'];
      expect(entry?.[0]).to.equal(LocalResponseNorm);
    });

    const invalid: Array<{ args: LocalResponseNormArgs; message: RegExp }> = [
      { args: { depthRadius: 1.5 }, message: /'depthRadius' must be a non-negative integer, got 1.5/ },
      { args: { depthRadius: -1 }, message: /'depthRadius' must be a non-negative integer/ },
      { args: { alpha: Number.NaN }, message: /'alpha' must be a finite number, got NaN/ },
      { args: { beta: Number.POSITIVE_INFINITY }, message: /'beta' must be a finite number/ },
      { args: { bias: '1' as unknown as number }, message: /'bias' must be a finite number/ },
    ];
    for (const { args, message } of invalid) {
      it(`rejects ${inspect(args)}`, () => {
        expect(() => new LocalResponseNorm(args)).to.throw(message);
      });
    }
  });

  describe('shapes', () => {
    it('keeps the input shape', () => {
      const out = new LocalResponseNorm().apply(tf.input({ shape: [56, 56, 64] })) as SymbolicTensor;
      expect(out.shape).to.deep.equal([null, 56, 56, 64]);
    });

    const badInputs: Array<{ name: string; input: () => SymbolicTensor | SymbolicTensor[]; message: RegExp }> = [
      { name: 'rank 2', input: () => tf.input({ shape: [64] }), message: /expects a rank-4 NHWC input .* got rank 2/ },
      { name: 'rank 5', input: () => tf.input({ shape: [2, 4, 4, 3] }), message: /got rank 5/ },
      {
        name: 'two inputs',
        input: () => [tf.input({ shape: [4, 4, 3] }), tf.input({ shape: [4, 4, 3] })],
        message: /expects exactly 1 input, got 2/,
      },
    ];
    for (const { name, input, message } of badInputs) {
      it(`rejects ${name}`, () => {
        expect(() => new LocalResponseNorm({ name: 'lrn' }).apply(input())).to.throw(message);
      });
    }
  });
});
