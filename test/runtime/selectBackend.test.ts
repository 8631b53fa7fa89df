import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { BACKEND_CHOICES, importModule, selectBackend } from '../../src/runtime/selectBackend.js';
import type { BackendChoice, BackendResult, ModuleLoader } from '../../src/runtime/selectBackend.js';
import { tf } from '../../src/runtime/tf.js';

const VERSION = tf.version.tfjs;
const GPU = '@tensorflow/tfjs-node-gpu';
const NODE = '@tensorflow/tfjs-node';
const WASM = '@tensorflow/tfjs-backend-wasm';

/** How a fake loader treats one package. */
type Behaviour =
  | 'missing' // the package is not installed
  | 'broken' // installed, but its native addon fails to load
  | 'registers' // loads and registers a 'tensorflow' backend, as tfjs-node does
  | 'inert' // loads but registers nothing (a second @tensorflow/tfjs copy)
  | 'real'; // delegate to the production loader

interface FakeLoader extends ModuleLoader {
  calls: string[];
}

function fakeLoader(behaviours: Partial<Record<string, Behaviour>>): FakeLoader {
  const calls: string[] = [];
  const load = async (specifier: string): Promise<unknown> => {
    calls.push(specifier);
    switch (behaviours[specifier] ?? 'missing') {
      case 'missing':
        throw Object.assign(new Error(`Cannot find package '${specifier}' imported from ${import.meta.url}`), {
          code: 'ERR_MODULE_NOT_FOUND',
        });
      case 'broken':
        throw new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory\n  at dlopen');
      case 'registers': {
        // Stand in for NodeJSKernelBackend with a CPU backend instance: the
        // selection logic only needs a registered, initializable backend.
        const cpuFactory = tf.findBackendFactory('cpu');
        tf.registerBackend('tensorflow', cpuFactory, 3);
        return { version_core: tf.version_core };
      }
      case 'inert':
        return { version_core: '3.0.0' };
      case 'real':
        return importModule(specifier);
    }
  };
  return Object.assign(load, { calls });
}

/** Runs `body` with backend `name` unregistered, then restores its factory. */
async function withoutBackend<T>(name: string, body: () => Promise<T>): Promise<T> {
  const entry = tf.engine().registryFactory[name];
  if (entry === undefined) {
    return body();
  }
  tf.removeBackend(name);
  try {
    return await body();
  } finally {
    tf.registerBackend(name, entry.factory, entry.priority);
  }
}

function installed(specifier: string): boolean {
  try {
    createRequire(import.meta.url).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

describe('runtime/selectBackend', () => {
  // tfjs types getBackend() as a string, but it has no name before a backend is first set.
  let previous: string | null | undefined;

  before(() => {
    previous = tf.getBackend();
  });

  beforeEach(async () => {
    await tf.setBackend('cpu');
  });

  afterEach(async () => {
    // tfjs types findBackendFactory as always returning a factory; it returns null for an unknown name.
    if ((tf.findBackendFactory('tensorflow') as (() => unknown) | null) != null) {
      tf.removeBackend('tensorflow');
    }
    await tf.setBackend('cpu');
  });

  after(async () => {
    // Other suites share this tfjs engine; leave it as found (cpu if unset).
    await tf.setBackend(previous ?? 'cpu');
  });

  it('lists the choices in CLI order', () => {
    expect(BACKEND_CHOICES).to.deep.equal(['auto', 'tensorflow', 'wasm', 'cpu']);
  });

  describe('with injected loaders', () => {
    const cases: Array<{
      name: string;
      choice: BackendChoice;
      packages: Partial<Record<string, Behaviour>>;
      hideWasm?: boolean;
      expected: { ok: true; backend: string; description: RegExp } | { ok: false; message: RegExp; hint: RegExp[] };
      loads?: string[];
    }> = [
      {
        name: "'tensorflow' without either native package gives install instructions",
        choice: 'tensorflow',
        packages: {},
        expected: {
          ok: false,
          message: /needs @tensorflow\/tfjs-node-gpu or @tensorflow\/tfjs-node, and neither is installed/,
          hint: [
            new RegExp(`npm install @tensorflow/tfjs-node-gpu@${VERSION}`),
            /CUDA 11\.2 and cuDNN 8\.1/,
            new RegExp(`npm install @tensorflow/tfjs-node@${VERSION}`),
            /'wasm' or 'cpu'/,
          ],
        },
        loads: [GPU, NODE],
      },
      {
        name: "'tensorflow' prefers the GPU package and stops there",
        choice: 'tensorflow',
        packages: { [GPU]: 'registers', [NODE]: 'registers' },
        expected: { ok: true, backend: 'tensorflow', description: /CUDA \(@tensorflow\/tfjs-node-gpu\)/ },
        loads: [GPU],
      },
      {
        name: "'tensorflow' falls back to the CPU package when the GPU one is absent",
        choice: 'tensorflow',
        packages: { [NODE]: 'registers' },
        expected: { ok: true, backend: 'tensorflow', description: /on CPU \(@tensorflow\/tfjs-node\)/ },
        loads: [GPU, NODE],
      },
      {
        name: "'tensorflow' falls back to the CPU package when the GPU one is broken",
        choice: 'tensorflow',
        packages: { [GPU]: 'broken', [NODE]: 'registers' },
        expected: { ok: true, backend: 'tensorflow', description: /@tensorflow\/tfjs-node\)/ },
      },
      {
        name: "'tensorflow' with a broken install says so and suggests a rebuild",
        choice: 'tensorflow',
        packages: { [GPU]: 'broken' },
        expected: {
          ok: false,
          message: /tfjs-node-gpu failed to load: libcudart\.so\.11\.0.*; @tensorflow\/tfjs-node is not installed$/,
          hint: [/npm rebuild @tensorflow\/tfjs-node-gpu/, /CUDA 11\.2 and cuDNN 8\.1/],
        },
      },
      {
        name: "'tensorflow' reports a package that registered nothing on this tfjs",
        choice: 'tensorflow',
        packages: { [GPU]: 'inert' },
        expected: {
          ok: false,
          message: new RegExp(
            `registered no 'tensorflow' backend with this @tensorflow/tfjs \\(${VERSION} vs the package's 3\\.0\\.0\\)`,
          ),
          hint: [/must match @tensorflow\/tfjs/],
        },
      },
      {
        name: "'auto' picks tensorflow when a native package registers it",
        choice: 'auto',
        packages: { [NODE]: 'registers', [WASM]: 'real' },
        expected: { ok: true, backend: 'tensorflow', description: /@tensorflow\/tfjs-node\)/ },
        loads: [GPU, NODE],
      },
      {
        name: "'auto' picks wasm without native packages and says why",
        choice: 'auto',
        packages: { [WASM]: 'real' },
        expected: {
          ok: true,
          backend: 'wasm',
          description:
            /^WebAssembly .*skipped native TensorFlow: @tensorflow\/tfjs-node-gpu is not installed; @tensorflow\/tfjs-node is not installed/,
        },
      },
      {
        name: "'auto' ends at cpu when wasm is unavailable too",
        choice: 'auto',
        packages: {},
        hideWasm: true,
        expected: {
          ok: true,
          backend: 'cpu',
          description: /^plain JavaScript.*wasm: @tensorflow\/tfjs-backend-wasm is not installed/,
        },
        loads: [GPU, NODE, WASM],
      },
      {
        name: "'wasm' starts the WebAssembly backend",
        choice: 'wasm',
        packages: { [WASM]: 'real' },
        expected: {
          ok: true,
          backend: 'wasm',
          description: /^WebAssembly \(@tensorflow\/tfjs-backend-wasm, (no )?SIMD, /,
        },
      },
      {
        name: "'wasm' without its package explains the broken install",
        choice: 'wasm',
        packages: {},
        hideWasm: true,
        expected: {
          ok: false,
          message: /'wasm' backend could not be started: @tensorflow\/tfjs-backend-wasm is not installed/,
          hint: [new RegExp(`npm install @tensorflow/tfjs-backend-wasm@${VERSION}`), /'cpu'/],
        },
      },
      {
        name: "'cpu' always works and never loads anything",
        choice: 'cpu',
        packages: {},
        expected: { ok: true, backend: 'cpu', description: /^plain JavaScript/ },
        loads: [],
      },
    ];

    for (const c of cases) {
      it(c.name, async () => {
        const load = fakeLoader(c.packages);
        const run = (): Promise<BackendResult> => selectBackend(c.choice, { load });
        const result = c.hideWasm ? await withoutBackend('wasm', run) : await run();

        expect(result.ok, JSON.stringify(result)).to.equal(c.expected.ok);
        if (result.ok && c.expected.ok) {
          expect(result.backend).to.equal(c.expected.backend);
          expect(result.description).to.match(c.expected.description);
          expect(tf.getBackend()).to.equal(c.expected.backend);
        } else if (!result.ok && !c.expected.ok) {
          expect(result.message).to.match(c.expected.message);
          for (const hint of c.expected.hint) {
            expect(result.hint).to.match(hint);
          }
        }
        if (c.loads !== undefined) {
          expect(load.calls).to.deep.equal(c.loads);
        }
      });
    }
  });

  it('rejects an unknown choice as a value, listing the valid ones', async () => {
    const result = await selectBackend('gpu' as BackendChoice);
    expect(result).to.deep.equal({
      ok: false,
      message: "Unknown backend 'gpu'.",
      hint: 'Choose one of: auto, tensorflow, wasm, cpu.',
    });
  });

  it('reuses a backend registered by the host program without loading anything', async () => {
    tf.registerBackend('tensorflow', tf.findBackendFactory('cpu'), 3);
    const load = fakeLoader({});
    const result = await selectBackend('tensorflow', { load });
    expect(result).to.include({
      ok: true,
      backend: 'tensorflow',
      description: 'TensorFlow C++ (registered by the host program)',
    });
    expect(load.calls).to.deep.equal([]);
  });

  it('remembers which package registered tensorflow across calls', async () => {
    const load = fakeLoader({ [NODE]: 'registers' });
    expect(await selectBackend('tensorflow', { load })).to.include({ ok: true, backend: 'tensorflow' });
    await selectBackend('cpu', { load });
    const again = await selectBackend('auto', { load });
    expect(again).to.include({ ok: true, backend: 'tensorflow' });
    expect(again.ok && again.description).to.match(/on CPU \(@tensorflow\/tfjs-node\)$/);
    expect(load.calls).to.deep.equal([GPU, NODE]);
  });

  it('warns when a native package brings a different tfjs-core version', async () => {
    const load: ModuleLoader = (specifier) => {
      if (specifier !== NODE) {
        return Promise.reject(
          Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' }),
        );
      }
      tf.registerBackend('tensorflow', tf.findBackendFactory('cpu'), 3);
      return Promise.resolve({ version_core: '4.21.0' });
    };
    const result = await selectBackend('tensorflow', { load });
    expect(result.ok && result.description).to.match(
      new RegExp(
        `warning: @tensorflow/tfjs-core ${tf.version_core} vs the package's 4\\.21\\.0; install matching versions`,
      ),
    );
  });

  it('is idempotent and cheap: a repeat call returns the cached result without loading', async () => {
    const load = fakeLoader({ [WASM]: 'real' });
    const first = await selectBackend('wasm', { load });
    const loadsAfterFirst = load.calls.length;
    const second = await selectBackend('wasm', { load });
    expect(first.ok).to.equal(true);
    expect(second).to.equal(first);
    expect(load.calls.length).to.equal(loadsAfterFirst);
  });

  it('does not re-import a package that already failed', async () => {
    const load = fakeLoader({});
    await selectBackend('tensorflow', { load });
    await selectBackend('tensorflow', { load });
    expect(load.calls).to.deep.equal([GPU, NODE]);
  });

  it('serializes concurrent calls so the last request wins', async () => {
    const load = fakeLoader({ [WASM]: 'real' });
    const results = await Promise.all([
      selectBackend('wasm', { load }),
      selectBackend('cpu', { load }),
      selectBackend('wasm', { load }),
    ]);
    expect(results.map((r) => r.ok && r.backend)).to.deep.equal(['wasm', 'cpu', 'wasm']);
    expect(tf.getBackend()).to.equal('wasm');
  });

  it('computes correctly on each backend it selects', async () => {
    for (const choice of ['wasm', 'cpu'] as const) {
      const result = await selectBackend(choice);
      expect(result).to.include({ ok: true, backend: choice });
      const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2, 3]), tf.scalar(1)).arraySync());
      expect(sum, choice).to.deep.equal([2, 3, 4]);
    }
  });

  it("with the real loader, 'tensorflow' gives the install hint when neither package is installed", async function () {
    if (installed(GPU) || installed(NODE)) {
      this.skip();
    }
    const result = await selectBackend('tensorflow');
    expect(result.ok).to.equal(false);
    expect(!result.ok && result.hint).to.include(`npm install @tensorflow/tfjs-node-gpu@${VERSION}`);
  });

  describe("tfjs's Node.js banner", () => {
    const repo = fileURLToPath(new URL('../../', import.meta.url));
    const BANNER = /looks like you are running TensorFlow\.js in Node\.js/;

    // The banner fires once per CPU backend instance, so each case runs in a
    // fresh process where nothing has touched tfjs yet.
    async function runFresh(setup: string): Promise<string> {
      const script = [
        "import { selectBackend, tf } from './src/runtime/index.ts';",
        setup,
        'tf.tidy(() => tf.add(tf.tensor1d([1, 2]), 1).dataSync());',
        "console.log('PROD=' + tf.env().getBool('PROD'));",
      ].join('\n');
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: repo },
      );
      return stdout + stderr;
    }

    const cases = [
      { name: 'prints for a bare tf.setBackend("cpu") (control)', setup: "await tf.setBackend('cpu');", banner: true },
      { name: "is silenced by selectBackend('cpu')", setup: "await selectBackend('cpu');", banner: false },
      { name: "does not print for selectBackend('wasm')", setup: "await selectBackend('wasm');", banner: false },
    ];

    for (const c of cases) {
      it(c.name, async () => {
        const output = await runFresh(c.setup);
        if (c.banner) {
          expect(output).to.match(BANNER);
        } else {
          expect(output).not.to.match(BANNER);
        }
        // The PROD flag used for silencing is put back afterwards.
        expect(output).to.include('PROD=false');
      });
    }
  });
});
