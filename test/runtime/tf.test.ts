import { expect } from 'chai';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

import { tf } from '../../src/runtime/tf.js';

const require = createRequire(import.meta.url);

/** Where `@tensorflow/tfjs-core` resolves to when required from inside `pkg`. */
function coreSeenBy(pkg: string): string {
  const fromPkg = createRequire(require.resolve(`${pkg}/package.json`));
  return fromPkg.resolve('@tensorflow/tfjs-core');
}

describe('runtime/tf', () => {
  it('is the 4.22 union package with layers, io and serialization', () => {
    expect(tf.version.tfjs).to.equal('4.22.0');
    expect(tf.version_core).to.equal('4.22.0');
    expect(tf.layers.Layer).to.be.a('function');
    expect(tf.io.CompositeArrayBuffer).to.be.a('function');
    expect(tf.serialization.registerClass).to.be.a('function');
  });

  // Backends register against the tfjs-core they require; a second copy would
  // leave them invisible to (or subtly incompatible with) our `tf`.
  for (const pkg of [
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-layers',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-backend-cpu',
  ]) {
    it(`shares one @tensorflow/tfjs-core file with ${pkg}`, () => {
      expect(coreSeenBy(pkg)).to.equal(coreSeenBy('@tensorflow/tfjs'));
      expect(dirname(coreSeenBy(pkg))).to.match(/node_modules[\\/]@tensorflow[\\/]tfjs-core[\\/]dist$/);
    });
  }

  it('sees backends registered by separately imported backend packages', async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    expect(tf.findBackendFactory('wasm')).to.be.a('function');
    expect(tf.engine().backendNames()).to.include.members(['cpu', 'wasm']);
  });
});
