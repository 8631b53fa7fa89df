import { assert, expect } from 'chai';

import { patchBatchNormTraining, stockBatchNormCall } from '../../src/runtime/patchBatchNormTraining.js';
import { tf } from '../../src/runtime/tf.js';
import type {
  Layer,
  LayersModel,
  LayerVariable,
  ModelArtifacts,
  Scalar,
  Tensor,
  Variable,
} from '../../src/runtime/tf.js';

/** Deterministic uniform [lo, hi) numbers (mulberry32), so failures reproduce. */
function randoms(n: number, seed: number, lo = -1, hi = 1): number[] {
  let a = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.push(lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296));
  }
  return out;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A weight's short name (`gamma`, `beta`, `moving_mean`, `moving_variance`), without name scope or uniquifier. */
const shortName = (w: LayerVariable): string => w.originalName.slice(w.originalName.lastIndexOf('/') + 1);

/** The layer's weights by short name. */
function weightsOf(layer: Layer): Map<string, LayerVariable> {
  return new Map(layer.weights.map((w) => [shortName(w), w]));
}

/** The `tf.Variable` behind a layer weight (`LayerVariable.read()` returns it, though typed `Tensor`). */
function variableOf(w: LayerVariable): Variable {
  const v: Tensor = w.read();
  if (!(v instanceof tf.Variable)) throw new Error(`${w.name} is not backed by a tf.Variable`);
  return v as Variable;
}

/** Float32-rounded copy of a weight's value, as plain numbers. */
function valuesOf(v: LayerVariable): number[] {
  return Array.from(v.read().dataSync());
}

interface Geometry {
  readonly label: string;
  readonly shape: number[];
  readonly axis: number;
  /**
   * Channel axis last (Inception's layout, tfjs's regular path). With the
   * channel axis elsewhere tfjs 4.22 is wrong before and after this patch, for
   * the stock `scale: true` layer too: the cpu `FusedBatchNorm` kernel cycles
   * the per-channel vectors over the innermost axis whatever their broadcast
   * shape, and its gradient rejects broadcast-shaped vectors. There the patched
   * path is only checked to follow the stock one bit for bit.
   */
  readonly channelsLast: boolean;
}

const GEOMETRIES: Geometry[] = [
  { label: 'NHWC, axis -1', shape: [3, 2, 2, 3], axis: -1, channelsLast: true },
  { label: 'rank 2, axis -1', shape: [5, 4], axis: -1, channelsLast: true },
  { label: 'NCHW, axis 1', shape: [2, 3, 2, 3], axis: 1, channelsLast: false },
];

const FLAGS: Array<{ scale: boolean; center: boolean }> = [
  { scale: true, center: true },
  { scale: false, center: true },
  { scale: true, center: false },
  { scale: false, center: false },
];

const MOMENTUM = 0.9;
const EPSILON = 1e-3;

/**
 * A built BN layer with non-trivial weights: γ ∈ [0.5, 1.5), β ∈ [-1, 1),
 * moving mean ∈ [-1, 1), moving variance ∈ [0.5, 2).
 */
function makeLayer(geometry: Geometry, flags: { scale: boolean; center: boolean }, seed: number): Layer {
  const layer = tf.layers.batchNormalization({ axis: geometry.axis, momentum: MOMENTUM, epsilon: EPSILON, ...flags });
  const c = geometry.shape.at(geometry.axis)!;
  layer.build(geometry.shape);
  const init: Record<string, number[]> = {
    gamma: randoms(c, seed + 1, 0.5, 1.5),
    beta: randoms(c, seed + 2),
    moving_mean: randoms(c, seed + 3),
    moving_variance: randoms(c, seed + 4, 0.5, 2),
  };
  for (const [name, w] of weightsOf(layer)) {
    w.write(tf.tensor1d(init[name]!));
  }
  return layer;
}

/** Index of the normalized (channel) axis for an element's flat index. */
function channelOf(flat: number, shape: readonly number[], axis: number): number {
  const ax = axis >= 0 ? axis : axis + shape.length;
  const stride = size(shape.slice(ax + 1));
  return Math.floor(flat / stride) % shape[ax]!;
}

/** Hand computation in float64: batch mean, biased batch variance, normalized output. */
function reference(
  x: readonly number[],
  shape: readonly number[],
  axis: number,
  gamma: readonly number[] | undefined,
  beta: readonly number[] | undefined,
): { y: number[]; mean: number[]; variance: number[] } {
  const c = shape.at(axis)!;
  const count = x.length / c;
  const mean = new Array<number>(c).fill(0);
  const variance = new Array<number>(c).fill(0);
  x.forEach((v, i) => (mean[channelOf(i, shape, axis)]! += v / count));
  x.forEach((v, i) => {
    const ch = channelOf(i, shape, axis);
    variance[ch]! += (v - mean[ch]!) ** 2 / count;
  });
  const y = x.map((v, i) => {
    const ch = channelOf(i, shape, axis);
    return ((v - mean[ch]!) / Math.sqrt(variance[ch]! + EPSILON)) * (gamma?.[ch] ?? 1) + (beta?.[ch] ?? 0);
  });
  return { y, mean, variance };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  expect(actual.length, `${what}: length`).to.equal(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    assert(Number.isFinite(a), `${what}[${i}] is ${a}`);
    assert(Math.abs(a - e) <= tol * (1 + Math.abs(e)), `${what}[${i}]: got ${a}, expected ${e} (±${tol})`);
  }
}

/** Bitwise equality of two float32 buffers (NaN-safe, distinguishes ±0). */
function expectBitIdentical(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, `${what}: length`).to.equal(expected.length);
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  for (let i = 0; i < e.length; i++) {
    assert(a[i] === e[i], `${what}[${i}]: ${actual[i]} differs from ${expected[i]}`);
  }
}

function trainingOutput(layer: Layer, x: Tensor): Float32Array {
  return tf.tidy(() => (layer.apply(x, { training: true }) as Tensor).dataSync() as Float32Array);
}

describe('runtime/patchBatchNormTraining', () => {
  let previousBackend: string | undefined;

  before(async () => {
    previousBackend = tf.getBackend();
    await tf.setBackend('cpu');
  });

  after(async () => {
    if (previousBackend !== undefined && previousBackend !== 'cpu') await tf.setBackend(previousBackend);
  });

  it('is installed once, by loading the runtime, and keeps the stock call reachable', () => {
    expect(patchBatchNormTraining()).to.equal(false);
    const layer = tf.layers.batchNormalization({ scale: false });
    const proto = Object.getPrototypeOf(layer) as Layer;
    expect(Reflect.get(proto, 'call')).to.not.equal(stockBatchNormCall());
    expect(layer.getClassName()).to.equal('BatchNormalization');
    // The stock class is still the one tfjs registers and deserializes.
    expect(tf.serialization.SerializationMap.getMap().classNameMap['BatchNormalization']?.[0]).to.equal(
      layer.constructor,
    );
  });

  it('fixes a real crash: stock tfjs-layers 4.22 cannot train without gamma', () => {
    const geometry = GEOMETRIES[0]!;
    const layer = makeLayer(geometry, { scale: false, center: true }, 7);
    const x = tf.tensor(randoms(size(geometry.shape), 8), geometry.shape);
    expect(() => stockBatchNormCall().call(layer, x, { training: true })).to.throw(TypeError);
    x.dispose();
  });

  for (const geometry of GEOMETRIES) {
    for (const flags of FLAGS) {
      describe(`scale ${flags.scale}, center ${flags.center} (${geometry.label})`, () => {
        const seed = 100 * GEOMETRIES.indexOf(geometry) + 10 * FLAGS.indexOf(flags);
        const xData = randoms(size(geometry.shape), seed + 5, -2, 3);
        const wData = randoms(size(geometry.shape), seed + 6);
        const trainableNames = [...(flags.scale ? ['gamma'] : []), ...(flags.center ? ['beta'] : [])];

        if (geometry.channelsLast) {
          it('trains through tf.variableGrads: output, moving statistics and gradients', () => {
            const layer = makeLayer(geometry, flags, seed);
            const weights = weightsOf(layer);
            expect([...weights.keys()].sort()).to.deep.equal(
              [...trainableNames, 'moving_mean', 'moving_variance'].sort(),
            );
            expect(layer.trainableWeights.map(shortName)).to.deep.equal(trainableNames);
            const gamma = flags.scale ? valuesOf(weights.get('gamma')!) : undefined;
            const beta = flags.center ? valuesOf(weights.get('beta')!) : undefined;
            const movingMean0 = valuesOf(weights.get('moving_mean')!);
            const movingVar0 = valuesOf(weights.get('moving_variance')!);

            const x = tf.variable(tf.tensor(xData, geometry.shape));
            const w = tf.tensor(wData, geometry.shape);
            const loss = (input: Tensor): Scalar => tf.sum(tf.mul(layer.apply(input, { training: true }) as Tensor, w));
            let y: Float32Array | undefined;
            const step = (): Scalar => {
              const out = layer.apply(x, { training: true }) as Tensor;
              y = out.dataSync() as Float32Array;
              return tf.sum(tf.mul(out, w));
            };
            const varList = [x, ...layer.trainableWeights.map(variableOf)];
            const { value, grads } = tf.variableGrads(step, varList);

            // Output: (x − mean_b) / sqrt(var_b + ε) · γ + β, biased batch variance.
            const ref = reference(xData, geometry.shape, geometry.axis, gamma, beta);
            expectClose(y!, ref.y, 1e-5, 'training output');
            expectClose(value.dataSync(), [ref.y.reduce((s, v, i) => s + v * wData[i]!, 0)], 1e-5, 'loss');

            // Moving statistics: moving·momentum + batch·(1 − momentum), exactly once.
            const movedMean = movingMean0.map((m, i) => m * MOMENTUM + ref.mean[i]! * (1 - MOMENTUM));
            const movedVar = movingVar0.map((m, i) => m * MOMENTUM + ref.variance[i]! * (1 - MOMENTUM));
            expectClose(valuesOf(weights.get('moving_mean')!), movedMean, 1e-6, 'moving_mean');
            expectClose(valuesOf(weights.get('moving_variance')!), movedVar, 1e-6, 'moving_variance');

            // Gradients for the input and for exactly the trainable weights present…
            const expectedGradNames = varList.map((v) => v.name).sort();
            expect(Object.keys(grads).sort()).to.deep.equal(expectedGradNames);

            // …equal to central finite differences of the layer itself (float32, h = 1e-2).
            const h = 1e-2;
            const numeric = (perturb: (delta: number) => void): number => {
              perturb(h);
              const plus = tf.tidy(() => loss(x).dataSync()[0]!);
              perturb(-2 * h);
              const minus = tf.tidy(() => loss(x).dataSync()[0]!);
              perturb(h);
              return (plus - minus) / (2 * h);
            };
            const nudge = (v: tf.Variable, i: number) => (delta: number) => {
              const data = v.dataSync().slice();
              data[i] = data[i]! + delta;
              v.assign(tf.tensor(data, v.shape));
            };
            for (const v of varList) {
              const analytic = grads[v.name]!.dataSync();
              const fd = Array.from({ length: v.size }, (_, i) => numeric(nudge(v, i)));
              expectClose(analytic, fd, 5e-3, `d loss / d ${v.name}`);
            }

            tf.dispose([x, w, value, ...Object.values(grads)]);
          });
        }

        it('matches the stock scale/center=true training path bit for bit (γ = 1, β = 0)', () => {
          const layer = makeLayer(geometry, flags, seed);
          const stock = makeLayer(geometry, { scale: true, center: true }, seed);
          const ws = weightsOf(stock);
          ws.get('gamma')!.write(tf.ones([geometry.shape.at(geometry.axis)!]));
          ws.get('beta')!.write(tf.zeros([geometry.shape.at(geometry.axis)!]));
          for (const [name, v] of weightsOf(layer)) ws.get(name)!.write(v.read().clone());
          const x = tf.tensor(xData, geometry.shape);
          for (let step = 0; step < 2; step++) {
            const got = trainingOutput(layer, x);
            const want = tf.tidy(() => (stockBatchNormCall().call(stock, x, { training: true }) as Tensor).dataSync());
            expectBitIdentical(got, want as Float32Array, `step ${step} output`);
            for (const name of ['moving_mean', 'moving_variance']) {
              expectBitIdentical(
                weightsOf(layer).get(name)!.read().dataSync() as Float32Array,
                ws.get(name)!.read().dataSync() as Float32Array,
                `step ${step} ${name}`,
              );
            }
          }
          x.dispose();
        });

        it('leaves inference bit-identical to the unpatched layer and does not touch moving statistics', () => {
          const layer = makeLayer(geometry, flags, seed);
          const x = tf.tensor(xData, geometry.shape);
          const before = [...weightsOf(layer).values()].map((v) => v.read().dataSync().slice() as Float32Array);
          const want = tf.tidy(() => (stockBatchNormCall().call(layer, x, {}) as Tensor).dataSync() as Float32Array);
          for (const kwargs of [undefined, {}, { training: false }]) {
            const got = tf.tidy(() => (layer.apply(x, kwargs) as Tensor).dataSync() as Float32Array);
            expectBitIdentical(got, want, `inference ${JSON.stringify(kwargs)}`);
          }
          [...weightsOf(layer).values()].forEach((v, i) =>
            expectBitIdentical(v.read().dataSync() as Float32Array, before[i]!, v.name),
          );
          x.dispose();
        });

        it('runs a frozen layer (trainable = false) in inference mode while training, statistics untouched', () => {
          const layer = makeLayer(geometry, flags, seed);
          const x = tf.tensor(xData, geometry.shape);
          const before = [...weightsOf(layer).values()].map((v) => v.read().dataSync().slice() as Float32Array);
          const want = tf.tidy(() => (stockBatchNormCall().call(layer, x, {}) as Tensor).dataSync() as Float32Array);
          layer.trainable = false;
          const got = tf.tidy(() => (layer.apply(x, { training: true }) as Tensor).dataSync() as Float32Array);
          expectBitIdentical(got, want, 'frozen, training: true');
          [...weightsOf(layer).values()].forEach((v, i) =>
            expectBitIdentical(v.read().dataSync() as Float32Array, before[i]!, v.name),
          );
          // Gradients flow through it (tfjs's own would read the missing γ): ∂y/∂x = γ / sqrt(var + ε).
          const w = weightsOf(layer);
          const dx = tf.tidy(() =>
            tf
              .grad((t: Tensor) => layer.apply(t, { training: true }) as Tensor)(x)
              .dataSync(),
          );
          const variance = w.get('moving_variance')!.read().dataSync();
          const gamma = w.get('gamma')?.read().dataSync();
          const channels = variance.length;
          const stride =
            geometry.axis === -1 || geometry.axis === geometry.shape.length - 1
              ? 1
              : size(geometry.shape.slice(geometry.axis + 1));
          for (let i = 0; i < Math.min(dx.length, 64); i++) {
            const c = Math.floor(i / stride) % channels;
            expect(dx[i]).to.be.closeTo((gamma?.[c] ?? 1) / Math.sqrt(variance[c]! + EPSILON), 1e-4);
          }
          // Unfrozen again, it trains on batch statistics: the output differs from inference.
          layer.trainable = true;
          const trained = tf.tidy(() => (layer.apply(x, { training: true }) as Tensor).dataSync() as Float32Array);
          expect(Array.from(trained)).not.to.deep.equal(Array.from(want));
          x.dispose();
        });

        it('does not leak tensors in training mode', () => {
          const layer = makeLayer(geometry, flags, seed);
          const x = tf.tensor(xData, geometry.shape);
          const before = tf.memory().numTensors;
          const y = layer.apply(x, { training: true }) as Tensor;
          expect(tf.memory().numTensors).to.equal(before + 1);
          tf.dispose([x, y]);
        });
      });
    }
  }

  describe('model.fit and save of scale: false models', () => {
    for (const center of [true, false]) {
      it(`fits 2 epochs (center ${center}), moves the statistics and saves a stock BatchNormalization`, async () => {
        const model = tf.sequential({
          layers: [
            tf.layers.conv2d({ inputShape: [4, 4, 2], filters: 3, kernelSize: 1, useBias: false, name: 'conv' }),
            tf.layers.batchNormalization({ scale: false, center, momentum: 0.9, name: 'bn' }),
            tf.layers.activation({ activation: 'relu' }),
            tf.layers.globalAveragePooling2d({}),
            tf.layers.dense({ units: 2, activation: 'softmax', name: 'head' }),
          ],
        });
        model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
        const bn = model.getLayer('bn');
        const conv = model.getLayer('conv');
        const meanBefore = valuesOf(weightsOf(bn).get('moving_mean')!);
        const varBefore = valuesOf(weightsOf(bn).get('moving_variance')!);
        const kernelBefore = conv.getWeights()[0]!.dataSync().slice();

        const xs = tf.randomNormal([8, 4, 4, 2], 0.5, 2, 'float32', 11);
        const ys = tf.oneHot(tf.tensor1d([0, 1, 1, 0, 1, 0, 0, 1], 'int32'), 2);
        const history = await model.fit(xs, ys, { epochs: 2, batchSize: 4, shuffle: false });
        expect(history.history['loss']).to.have.length(2);
        for (const l of history.history['loss']!) assert(Number.isFinite(l), `loss ${String(l)}`);

        const meanAfter = valuesOf(weightsOf(bn).get('moving_mean')!);
        const varAfter = valuesOf(weightsOf(bn).get('moving_variance')!);
        assert(
          meanAfter.some((v, i) => v !== meanBefore[i]),
          'moving_mean did not move',
        );
        assert(
          varAfter.some((v, i) => v !== varBefore[i]),
          'moving_variance did not move',
        );
        [...meanAfter, ...varAfter].forEach((v) => assert(Number.isFinite(v)));
        assert(
          conv
            .getWeights()[0]!
            .dataSync()
            .some((v, i) => v !== kernelBefore[i]),
          'gradients did not reach the conv kernel through BN',
        );

        let artifacts: ModelArtifacts | undefined;
        await model.save(
          tf.io.withSaveHandler((a) => {
            artifacts = a;
            return Promise.resolve({ modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) });
          }),
        );
        if (artifacts === undefined) throw new Error('save handler was not called');
        const topology = JSON.parse(JSON.stringify(artifacts.modelTopology)) as {
          config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> };
        };
        const saved = topology.config.layers.find((l) => l.config['name'] === 'bn')!;
        expect(saved.class_name).to.equal('BatchNormalization');
        expect(saved.config['scale']).to.equal(false);
        expect(saved.config['center']).to.equal(center);
        expect(saved.config['momentum']).to.equal(0.9);
        expect(artifacts.weightSpecs!.filter((s) => s.name.startsWith('bn/')).map((s) => s.name)).to.deep.equal([
          ...(center ? ['bn/beta'] : []),
          'bn/moving_mean',
          'bn/moving_variance',
        ]);

        // Stock loading still works and predicts exactly what the trained model does.
        const loaded: LayersModel = await tf.loadLayersModel(
          tf.io.fromMemory({ ...artifacts, modelTopology: topology }),
        );
        expect(loaded.getLayer('bn').constructor).to.equal(bn.constructor);
        const want = tf.tidy(() => (model.predict(xs) as Tensor).dataSync() as Float32Array);
        const got = tf.tidy(() => (loaded.predict(xs) as Tensor).dataSync() as Float32Array);
        expectBitIdentical(got, want, 'reloaded predictions');

        tf.dispose([xs, ys]);
        model.dispose();
        loaded.dispose();
      });
    }
  });
});
