import { availableParallelism } from 'node:os';
import { expect } from 'chai';
import { parseBackend } from '../../src/cli/parseBackend.js';
import { parseInferenceChoice } from '../../src/cli/parseInferenceChoice.js';
import { runCli, V3 } from './runCli.js';

describe('cli/parseInferenceChoice', () => {
  const accepted: Array<[Record<string, string>, unknown]> = [
    [{}, { engine: 'tfjs', backend: 'auto', workers: 1 }],
    [
      { backend: 'wasm', workers: '3' },
      { engine: 'tfjs', backend: 'wasm', workers: 3 },
    ],
    [{ backend: 'onnx' }, { engine: 'onnx', threads: availableParallelism(), device: 'cpu' }],
    [
      { backend: 'onnx', threads: '1', device: 'cuda' },
      { engine: 'onnx', threads: 1, device: 'cuda' },
    ],
  ];
  for (const [values, choice] of accepted) {
    it(`reads ${JSON.stringify(values)}`, () => {
      expect(parseInferenceChoice(values)).to.deep.equal({ ok: true, choice });
    });
  }

  const refused: Array<[Record<string, string>, RegExp, RegExp]> = [
    [{ backend: 'onnx', workers: '2' }, /--workers is for the tfjs backends/, /--threads N/],
    [{ threads: '2' }, /--threads is for --backend onnx/, /--workers N/],
    [{ backend: 'wasm', device: 'cuda' }, /--device is for --backend onnx/, /--backend tensorflow/],
    [{ backend: 'onnx', device: 'gpu' }, /unknown --device 'gpu'/, /cpu, cuda/],
    [{ backend: 'onnx', threads: '0' }, /--threads expects a whole number from 1/, /--threads/],
    [{ workers: 'two' }, /--workers expects a whole number from 1 to 64, found 'two'/, /--workers 1/],
    [{ backend: 'wsam' }, /unknown --backend 'wsam'/, /did you mean 'wasm'/],
  ];
  for (const [values, message, hint] of refused) {
    it(`refuses ${JSON.stringify(values)}`, () => {
      const parsed = parseInferenceChoice(values);
      expect(parsed.ok).to.equal(false);
      if (parsed.ok) return;
      expect(parsed.message).to.match(message);
      expect(parsed.hint).to.match(hint);
    });
  }

  it('leaves onnx out of the tfjs backends eval, train and compile take, saying where it goes', () => {
    const parsed = parseBackend('onnx');
    expect(parsed.ok).to.equal(false);
    if (parsed.ok) return;
    expect(parsed.message).to.match(/not a tfjs backend.*predict.*bench/);
    expect(parsed.hint).to.equal('choose one of: auto, tensorflow, wasm, cpu');
  });

  for (const argv of [
    ['eval', V3, '--weights', 'w', '--data', 'd', '--backend', 'onnx'],
    ['train', V3, '--out', 'runs/x', '--synthetic', '4', '--backend', 'onnx'],
  ]) {
    it(`incep ${argv[0]!} refuses --backend onnx with a usage error`, async () => {
      const run = await runCli(argv);
      expect(run.code, run.stderr).to.equal(2);
      expect(run.stderr).to.match(/--backend onnx is not a tfjs backend[\s\S]*hint: choose one of: auto, tensorflow/);
    });
  }
});
