import { expect } from 'chai';
import { runCli, tempDir, TINY } from './runCli.js';

interface BenchJson {
  backend: string;
  batch: number;
  ms: { median: number; p10: number; p90: number };
  imagesPerSecond: number;
  peakRssMB: number;
  workers?: number;
  model: string;
}

/** The last stdout line, which `--json` promises is the result. */
function lastJson(stdout: string): BenchJson {
  const lines = stdout.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as BenchJson;
}

describe('cli/benchCommand: incep bench', function () {
  this.timeout(300_000);
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    tmp = await tempDir({ 'tiny.incep': TINY });
  });
  after(() => tmp.cleanup());

  const runs: Array<{ name: string; args: string[]; backend: string; batch: number; workers: number }> = [
    { name: 'in this thread', args: ['--batch', '2'], backend: 'wasm', batch: 2, workers: 1 },
    { name: 'optimized', args: ['--optimize', '--runs', '3', '--warmup', '0'], backend: 'wasm', batch: 1, workers: 1 },
    { name: 'in 2 worker threads', args: ['--workers', '2', '--runs', '4'], backend: 'wasm', batch: 1, workers: 2 },
  ];
  for (const r of runs) {
    it(`times a model ${r.name} and ends with the --json line`, async () => {
      const run = await runCli(['bench', tmp.path('tiny.incep'), '--backend', 'wasm', '--json', ...r.args]);
      expect(run.code, run.stderr).to.equal(0);
      for (const field of [
        /ms per batch +median [\d.]+ +p10 [\d.]+ +p90 [\d.]+/,
        /images\/s +[\d.]+/,
        /peak RSS +\d+ MB/,
      ])
        expect(run.stdout).to.match(field);
      expect(run.stdout).to.match(/backend +wasm — WebAssembly/);
      expect(run.stderr).to.match(/timing \d+ batches/);
      const json = lastJson(run.stdout);
      expect(json).to.include({ backend: r.backend, batch: r.batch, workers: r.workers, model: 'Tiny' });
      expect(Object.keys(json.ms)).to.deep.equal(['median', 'p10', 'p90']);
      expect(json.ms.p10).to.be.at.most(json.ms.median);
      expect(json.ms.median).to.be.at.most(json.ms.p90);
      expect(json.imagesPerSecond).to.be.above(0);
      expect(json.peakRssMB).to.be.above(0);
    });
  }

  it('times the model exported to ONNX Runtime with --backend onnx', async () => {
    const run = await runCli([
      'bench',
      tmp.path('tiny.incep'),
      '--backend',
      'onnx',
      '--threads',
      '1',
      '--json',
      '--optimize',
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/backend +onnx — onnxruntime-node [\d.]+, cpu, 1 thread\n/);
    expect(lastJson(run.stdout)).to.include({ backend: 'onnx', batch: 1, threads: 1, device: 'cpu', model: 'Tiny' });
  });

  it('says what --device cuda needs when ONNX Runtime cannot use CUDA here', async () => {
    const run = await runCli(['bench', tmp.path('tiny.incep'), '--backend', 'onnx', '--device', 'cuda', '--runs', '1']);
    // On a machine with CUDA and onnxruntime-node's CUDA build this simply runs.
    if (run.code === 0) return;
    expect(run.code, run.stderr).to.equal(2);
    expect(run.stderr).to.match(/incep: error: onnxruntime-node .*CUDA.*\nhint: .*CUDA 12 .*--device cpu/);
    expect(run.stderr).not.to.match(/\n\s+at /);
  });

  it('stops on Ctrl-C with status 130, workers and all', async () => {
    const run = await runCli(
      [
        'bench',
        tmp.path('tiny.incep'),
        '--backend',
        'wasm',
        '--workers',
        '2',
        '--runs',
        '100000',
        '--input',
        '64x64x3',
      ],
      { onStderr: (text, interrupt) => text.startsWith('timing') && interrupt() },
    );
    expect(run.code, run.stderr).to.equal(130);
    expect(run.stderr).to.match(/interrupted/);
    expect(run.stdout).to.equal('');
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['a bad --batch', ['--batch', '0'], /--batch expects a whole number from 1 to 4096, found '0'/],
    ['a bad --runs', ['--runs', 'many'], /--runs expects a whole number/],
    ['a bad --warmup', ['--warmup', '-1'], /--warmup/],
    ['a bad --workers', ['--workers', '0'], /--workers expects a whole number from 1 to 64/],
    ['--threads without onnx', ['--threads', '2'], /--threads is for --backend onnx[\s\S]*hint: .*--workers N/],
    ['--device without onnx', ['--device', 'cuda'], /--device is for --backend onnx/],
    [
      '--workers with onnx',
      ['--backend', 'onnx', '--workers', '2'],
      /--workers is for the tfjs backends[\s\S]*--threads N/,
    ],
    ['an unknown --device', ['--backend', 'onnx', '--device', 'gpu'], /unknown --device 'gpu'/],
    ['an unknown --backend', ['--backend', 'onxx'], /unknown --backend 'onxx'[\s\S]*hint: did you mean 'onnx'/],
    ['a bad override', ['--input', '3x3'], /--input expects HEIGHTxWIDTHxCHANNELS/],
    ['an unknown option', ['--worker', '2'], /unknown option '--worker'[\s\S]*--workers/],
  ];
  for (const [name, args, message] of usage) {
    it(`refuses ${name} (exit 2)`, async () => {
      const run = await runCli(['bench', tmp.path('tiny.incep'), ...args]);
      expect(run.code, run.stderr).to.equal(2);
      expect(run.stderr).to.match(message);
      expect(run.stderr).to.match(/run 'incep bench --help' for usage/);
    });
  }

  it('is in incep --help, and its own --help lists its options', async () => {
    expect((await runCli(['--help'])).stdout).to.match(/\bbench\b/);
    const help = await runCli(['bench', '--help']);
    expect(help.code).to.equal(0);
    for (const flag of ['--backend', '--batch', '--optimize', '--workers', '--threads', '--device', '--runs', '--json'])
      expect(help.stdout).to.include(flag);
  });
});
