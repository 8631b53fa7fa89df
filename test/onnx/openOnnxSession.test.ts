import { expect } from 'chai';

import { buildModel } from '../../src/backends/tfjs/buildModel.js';
import { compile } from '../../src/compile.js';
import { exportOnnx } from '../../src/onnx/exportOnnx.js';
import { openOnnxSession, type OpenOnnxResult } from '../../src/onnx/openOnnxSession.js';
import { selectBackend } from '../../src/runtime/selectBackend.js';

const SPEC = `
model Small {
  input 16x16x3
  classes 4
  stem { conv 4 3x3 /2 relu }
  body { conv 4 3x3 relu as top }
  aux side at top { globalmaxpool; dense classes softmax }
  head { globalavgpool; dense classes softmax }
}
`;

/** An error as Node's resolver throws it for a package that is not installed. */
function notFound(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from /x.js`), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
}

describe('onnx/openOnnxSession', function () {
  this.timeout(60_000);
  let bytes: Uint8Array;

  before(async function () {
    expect((await selectBackend('wasm')).ok).to.equal(true);
    const compiled = compile(SPEC);
    expect(compiled.ok, compiled.diagnostics.map((d) => d.message).join('\n')).to.equal(true);
    const model = buildModel(compiled.ir!, { aux: true });
    bytes = exportOnnx(compiled.ir!, model, { aux: true });
    model.dispose();
  });

  interface Opened {
    title: string;
    threads?: number;
    description: RegExp;
  }
  const OPENED: Opened[] = [
    { title: 'two threads', threads: 2, description: /^onnxruntime-node 1\.\d+\.\d+, cpu, 2 threads$/ },
    { title: 'one thread', threads: 1, description: /^onnxruntime-node 1\.\d+\.\d+, cpu, 1 thread$/ },
    { title: 'the default: every core', description: /^onnxruntime-node 1\.\d+\.\d+, cpu, \d+ threads?$/ },
  ];
  for (const o of OPENED) {
    it(`opens a CPU session with ${o.title} and runs it, outputs in outputNames order`, async function () {
      const opened = await openOnnxSession(bytes, o.threads === undefined ? {} : { threads: o.threads });
      if (!opened.ok) throw new Error(opened.message);
      const { session } = opened;
      try {
        expect(session.description).to.match(o.description);
        expect(session.inputName).to.equal('input');
        expect(session.outputNames).to.deep.equal(['head_dense1', 'side_dense1']);
        const outputs = await session.run(new Float32Array(3 * 16 * 16 * 3).fill(0.5), [3, 16, 16, 3]);
        expect(outputs.map((y) => y.length)).to.deep.equal([12, 12]);
        // Softmax rows sum to 1.
        for (const y of outputs) expect(y.slice(0, 4).reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-5);
      } finally {
        await session.dispose();
      }
    });
  }

  interface Refused {
    title: string;
    open: () => Promise<OpenOnnxResult>;
    message: RegExp;
    hint?: RegExp;
  }
  const REFUSED: Refused[] = [
    {
      title: 'onnxruntime-node is not installed',
      open: () => openOnnxSession(bytes, {}, (s) => Promise.reject(notFound(s))),
      message: /^onnxruntime-node is not installed$/,
      hint: /^npm install onnxruntime-node$/,
    },
    {
      title: 'onnxruntime-node is installed but broken (a dependency is missing)',
      open: () => openOnnxSession(bytes, {}, () => Promise.reject(notFound('onnxruntime-common'))),
      message: /^onnxruntime-node failed to load: Cannot find package 'onnxruntime-common'/,
      hint: /reinstall/,
    },
    {
      // The CUDA provider is not installed on the CI machine (and .npmrc skips its download).
      title: 'CUDA is asked for but its provider is not installed',
      open: () => openOnnxSession(bytes, { device: 'cuda' }),
      message: /^onnxruntime-node has no CUDA provider installed$/,
      hint: /CUDA 12 and cuDNN 9.*--onnxruntime-node-install=cuda12/,
    },
    {
      title: 'the bytes are not an ONNX model',
      open: () => openOnnxSession(new TextEncoder().encode('not a model')),
      message: /^onnxruntime refused the model: /,
    },
    {
      title: 'a thread count of 0',
      open: () => openOnnxSession(bytes, { threads: 0 }),
      message: /threads must be a whole number of 1 or more, found 0/,
    },
  ];
  for (const r of REFUSED) {
    it(`is { ok: false } when ${r.title}, with no stack trace`, async function () {
      const opened = await r.open();
      if (opened.ok) {
        await opened.session.dispose();
        expect.fail('expected a refusal');
      }
      expect(opened.message).to.match(r.message);
      expect(opened.message).not.to.match(/\n\s+at /);
      if (r.hint) expect(opened.hint).to.match(r.hint);
    });
  }
});
