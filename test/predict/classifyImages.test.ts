import { expect } from 'chai';
import { classifyImages, preprocessTf } from '../../src/predict/classifyImages.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';
import { tf } from '../../src/runtime/tf.js';

describe('predict/classifyImages', () => {
  before(async () => {
    expect((await selectBackend('wasm')).ok).to.equal(true);
  });

  it("scales pixels to [-1, 1] as Keras's 'tf' mode and keeps a flat image flat when resizing", async () => {
    const image = {
      width: 3,
      height: 2,
      data: new Uint8Array(
        [0, 255, 127.5, 0, 255, 127.5, 0, 255, 127.5, 0, 255, 127.5, 0, 255, 127.5, 0, 255, 127.5].map(Math.floor),
      ),
    };
    const x = preprocessTf(image, 4, 5);
    expect(x.shape).to.deep.equal([1, 4, 5, 3]);
    const values = Array.from(await x.data());
    for (let i = 0; i < values.length; i += 3) {
      expect(values[i]).to.be.closeTo(-1, 1e-6);
      expect(values[i + 1]).to.be.closeTo(1, 1e-6);
      expect(values[i + 2]).to.be.closeTo(127 / 127.5 - 1, 1e-6);
    }
    x.dispose();
  });

  it('ranks the classes of a model by probability, with labels', async () => {
    // A model that ignores the image and always says [0.1, 0.6, 0.3].
    const input = tf.input({ shape: [4, 4, 3] });
    const flat = tf.layers.globalAveragePooling2d({}).apply(input) as ReturnType<typeof tf.input>;
    const dense = tf.layers.dense({
      units: 3,
      activation: 'softmax',
      kernelInitializer: 'zeros',
      biasInitializer: tf.initializers.constant({ value: 0 }),
    });
    const out = dense.apply(flat) as ReturnType<typeof tf.input>;
    const model = tf.model({ inputs: input, outputs: out });
    dense.setWeights([tf.zeros([3, 3]), tf.tensor1d([0.1, 0.6, 0.3].map(Math.log))]);
    const image = { width: 2, height: 2, data: new Uint8Array(12).fill(9) };
    const [ranked] = await classifyImages(model, [image], ['a', 'b', 'c'], 2);
    expect(ranked!.map((p) => [p.index, p.label])).to.deep.equal([
      [1, 'b'],
      [2, 'c'],
    ]);
    expect(ranked![0]!.probability).to.be.closeTo(0.6, 1e-6);
  });
});
