import { expect } from 'chai';

import { LocalResponseNorm } from '../../src/runtime/layers/LocalResponseNorm.js';
import { ScaledAdd } from '../../src/runtime/layers/ScaledAdd.js';
import { registerCustomLayers } from '../../src/runtime/registerCustomLayers.js';
import { tf } from '../../src/runtime/tf.js';

const registry = (): (typeof tf.serialization.SerializationMap.prototype)['classNameMap'] =>
  tf.serialization.SerializationMap.getMap().classNameMap;

describe('runtime/registerCustomLayers', () => {
  const layers = [
    { name: 'ScaledAdd', cls: ScaledAdd },
    { name: 'LocalResponseNorm', cls: LocalResponseNorm },
  ];

  it('returns the custom layer class names', () => {
    expect(registerCustomLayers()).to.deep.equal(layers.map((l) => l.name));
  });

  for (const { name, cls } of layers) {
    it(`registers ${name} idempotently`, () => {
      registerCustomLayers();
      const first = registry()[name];
      registerCustomLayers();
      expect(registry()[name]).to.equal(first);
      expect(registry()[name]?.[0]).to.equal(cls);
    });

    it(`takes ${name} back from another class registered under the same name`, () => {
      // What a second copy of the runtime (src/ vs dist/) would do.
      class Impostor extends tf.layers.Layer {
        static readonly className = name;
      }
      tf.serialization.registerClass(Impostor);
      expect(registry()[name]?.[0]).to.equal(Impostor);
      registerCustomLayers();
      expect(registry()[name]?.[0]).to.equal(cls);
    });
  }
});
