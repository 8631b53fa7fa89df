/**
 * Worker threads against one: InceptionV3 at 299x299, batch 1, on the wasm backend (one thread
 * per tfjs in Node), in this thread and in pools of 1 and 2 workers, as `incep bench --workers N`
 * runs it. The target is throughput: 2 workers on a 2-core machine should give close to twice
 * one worker's images/s. All three stay open and take turns, round after round, so a slow patch
 * of a shared machine hurts all alike. Ratios, not times, are the result.
 */
import { availableParallelism } from 'node:os';
import { buildModel } from '../src/backends/tfjs/buildModel.js';
import { compileFile } from '../src/compile.js';
import type { BatchRunner, BatchShape } from '../src/infer/BatchRunner.js';
import { openRunner } from '../src/infer/openRunner.js';
import { startWorkerPool } from '../src/infer/startWorkerPool.js';
import { timeBatches } from '../src/infer/timeBatches.js';
import type { IRModel } from '../src/ir/ir.js';
import { selectBackend } from '../src/runtime/selectBackend.js';
import type { BenchReport } from './BenchReport.js';
import { quantile } from './forwardTimes.js';

/**
 * Prints images/s of InceptionV3 in this thread and with 1 and 2 worker threads on wasm, and
 * resolves to the ratio of 2 workers' images/s to 1 worker's (the `--workers` target: ≥ 1.8 on
 * 2 cores). Each round times `runs` batches per worker of each runner, after one warm-up batch
 * per worker; many short rounds average out a shared machine's slow patches best. `optimize`
 * times `optimizeForInference`'s graph instead.
 */
export async function benchWorkers(
  report: BenchReport,
  { rounds = 8, runs = 1, optimize = false }: { rounds?: number; runs?: number; optimize?: boolean } = {},
): Promise<number> {
  const selected = await selectBackend('wasm');
  if (!selected.ok) throw new Error(`bench/workers needs the wasm backend: ${selected.message}`);
  const ir = compileFile('specs/inception_v3.incep').ir!;
  const shape: BatchShape = [1, ...ir.input];
  const x = new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => Math.sin(i));
  report.section(
    'Worker threads',
    `InceptionV3${optimize ? ' optimized' : ''}, 299x299, batch 1, wasm (${selected.description}), ${rounds} interleaved rounds of ` +
      `${runs} batches per worker, after 1 warm-up each, ${availableParallelism()} cores`,
  );
  const runners: Array<[string, BatchRunner]> = [
    ['this thread', await open(ir, 0, optimize)],
    ['1 worker', await open(ir, 1, optimize)],
    ['2 workers', await open(ir, 2, optimize)],
  ];
  const stats = new Map(runners.map(([label]) => [label, { images: 0, ms: 0, cpuMs: 0, latencies: [] as number[] }]));
  try {
    for (const [label, runner] of runners) check(label, await timeBatches(runner, x, shape, runner.parallelism));
    for (let round = 0; round < rounds; round++) {
      for (const [label, runner] of runners) {
        // The process's CPU time covers its worker threads: it tells a machine whose other load
        // leaves the workers no second core apart from workers that do not scale.
        const cpu0 = process.cpuUsage();
        const timed = check(label, await timeBatches(runner, x, shape, runs * runner.parallelism));
        const cpu = process.cpuUsage(cpu0);
        const s = stats.get(label)!;
        s.cpuMs += (cpu.user + cpu.system) / 1000;
        s.images += timed.latencies.length * shape[0];
        s.ms += timed.wallMs;
        s.latencies.push(...timed.latencies);
      }
    }
  } finally {
    await Promise.all(runners.map(([, r]) => r.dispose()));
  }
  const rate = (label: string) => stats.get(label)!.images / (stats.get(label)!.ms / 1000);
  report.table(
    ['runner', 'ms per batch', 'images/s', 'vs 1 worker', 'CPU ms/image', 'cores busy'],
    runners.map(([label]) => {
      const s = stats.get(label)!;
      return [
        label,
        quantile(s.latencies, 0.5).toFixed(0),
        rate(label).toFixed(3),
        `${(rate(label) / rate('1 worker')).toFixed(2)}x`,
        (s.cpuMs / s.images).toFixed(0),
        (s.cpuMs / s.ms).toFixed(2),
      ];
    }),
  );
  const ratio = rate('2 workers') / rate('1 worker');
  report.target({
    measure: `InceptionV3${optimize ? ' optimized' : ''} images/s, 2 wasm workers vs 1, batch 1`,
    result: `${ratio.toFixed(2)}x`,
    goal: '≥ 1.80x',
    met: ratio >= 1.8,
    note:
      availableParallelism() < 2
        ? 'this machine has one core: workers cannot run in parallel'
        : `the process kept ${(stats.get('2 workers')!.cpuMs / stats.get('2 workers')!.ms).toFixed(2)} cores busy with 2 workers; below 2, other load took the rest`,
  });
  return ratio;
}

/** A runner of a fresh InceptionV3 (random weights): in this thread for 0 workers, else a pool. */
async function open(ir: IRModel, workers: number, optimize: boolean): Promise<BatchRunner> {
  const model = buildModel(ir);
  const backend = { name: 'wasm', description: 'wasm' };
  // openRunner would run a pool of one in this thread, so pools are started directly.
  const opened =
    workers === 0
      ? await openRunner(ir, model, { engine: 'tfjs', backend: 'wasm', workers: 1 }, { optimize, backend })
      : await startWorkerPool({ ir, model, backend: 'wasm', optimize, workers, description: 'wasm' }).finally(() =>
          model.dispose(),
        );
  if (!opened.ok) throw new Error(`bench/workers: ${opened.message}`);
  return opened.runner;
}

type Timed = Awaited<ReturnType<typeof timeBatches>>;

function check(label: string, result: Timed): Extract<Timed, { ok: true }> {
  if (!result.ok) throw new Error(`bench/workers, ${label}: ${result.message}`);
  return result;
}
