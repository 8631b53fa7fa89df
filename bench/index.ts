/**
 * `npm run bench`: speed and memory of incep, each reported as a ratio against a baseline
 * measured in the same process (absolute times vary by machine; ratios travel), printed as it
 * goes and written to bench/RESULTS.md with the machine it ran on. Not a test: nothing here
 * asserts a time. Run it on a quiet machine; `INCEP_BENCH_BACKEND` picks the tfjs backend
 * (default auto).
 *
 *   front end        compile (parse, check, lower) vs lexing the same text; the zoo and a 10,000-line spec (bench/frontEnd.ts)
 *   diagrams         incep graph, collapsed and expanded, vs compiling the spec (bench/diagrams.ts)
 *   CLI start        incep check and --version as whole processes vs node -e '' (bench/cliStart.ts)
 *   builders         the emitted TypeScript module vs buildModel(ir), same model; tensor bytes vs 4 × params
 *   inference        the selected backend vs the pure-JS cpu backend, InceptionV3 at 299x299
 *   vs hand-written  Keras-style InceptionV3 vs the zoo spec, built and optimized (bench/reference.ts)
 *   onnxruntime      the exported ONNX model on 1 and all threads vs tfjs, same weights (bench/onnx.ts)
 *   workers          images/s with 2 wasm worker threads vs 1 (bench/workers.ts)
 *   training         a training step on the selected backend vs cpu, and vs inference (bench/training.ts)
 *   data memory      streaming a 2,000-image JPEG folder vs a 200-image one: peak RSS growth (bench/dataMemory.ts)
 */
import { renameSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildModel } from '../src/backends/tfjs/buildModel.js';
import { compileFile } from '../src/compile.js';
import { selectBackend, type BackendChoice } from '../src/runtime/selectBackend.js';
import { tf, type LayersModel } from '../src/runtime/tf.js';
import { fileURLToPath } from 'node:url';
import { staleBuild } from '../bin/staleBuild.js';
import { BenchReport } from './BenchReport.js';
import { benchCliStart } from './cliStart.js';
import { benchDataMemory } from './dataMemory.js';
import { benchDiagrams } from './diagrams.js';
import { benchFrontEnd, SPECS } from './frontEnd.js';
import { forwardTimes, quantile } from './forwardTimes.js';
import { machineInfo } from './machineInfo.js';
import { benchOnnx } from './onnx.js';
import { benchReference } from './reference.js';
import { benchTraining } from './training.js';
import { benchWorkers } from './workers.js';

function median(runs: number, f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return quantile(times, 0.5);
}

async function builders(report: BenchReport, backend: string): Promise<void> {
  report.section(
    'Builders',
    `the emitted TypeScript module vs buildModel(ir), same model, backend ${backend}, median of 3; ` +
      'tensor MB vs params: 1.00x means no hidden copy of any weight',
  );
  const rows: string[][] = [];
  for (const spec of SPECS) {
    const ir = compileFile(`specs/${spec}.incep`).ir!;
    const mod = (await import(`../compiled/${spec}.js`)) as Record<string, (o?: object) => LayersModel>;
    const create = Object.entries(mod).find(([k]) => k.startsWith('create'))![1];
    const bytes0 = tf.memory().numBytes;
    let bytes = 0;
    const built = median(3, () => {
      const m = buildModel(ir);
      bytes = Math.max(bytes, tf.memory().numBytes - bytes0);
      m.dispose();
    });
    const emitted = median(3, () => create().dispose());
    const params = ir.totals.inference.params.total;
    rows.push([
      spec,
      built.toFixed(0),
      emitted.toFixed(0),
      `${(emitted / built).toFixed(2)}x`,
      (bytes / 2 ** 20).toFixed(1),
      `${(bytes / (4 * params)).toFixed(2)}x`,
    ]);
  }
  report.table(['spec', 'build ms', 'module ms', 'ratio', 'tensor MB', 'vs params'], rows);
}

async function backends(report: BenchReport, requested: BackendChoice): Promise<void> {
  report.section('Inference backends', 'InceptionV3, one 299x299 image, median of 3 after a warm-up');
  const ir = compileFile('specs/inception_v3.incep').ir!;
  const time = async (backend: BackendChoice): Promise<number> => {
    const s = await selectBackend(backend);
    if (!s.ok) throw new Error(s.message);
    const model = buildModel(ir);
    const x = tf.randomNormal([1, 299, 299, 3]);
    const ms = quantile(await forwardTimes(model, x, 3), 0.5);
    x.dispose();
    model.dispose();
    return ms;
  };
  const fast = await time(requested);
  const requestedName = tf.getBackend();
  const baseline = await time('cpu');
  report.table(
    ['backend', 'ms / image', 'speed-up'],
    [
      ['cpu (baseline)', baseline.toFixed(0), '1.0x'],
      [requestedName, fast.toFixed(0), `${(baseline / fast).toFixed(1)}x`],
    ],
  );
  await selectBackend(requested);
}

async function main(): Promise<void> {
  const report = new BenchReport();
  // First, while the process holds nothing else: its peak-RSS growth is the pipeline's own.
  await benchDataMemory(report);
  // What incep runs: dist/ when it is up to date (npm ci builds it), else the sources.
  const fresh = staleBuild(fileURLToPath(new URL('../', import.meta.url))) === undefined;
  const front = await benchFrontEnd(report, fresh);
  report.target({
    measure: 'the six zoo specs compiled, warm (sum of medians)',
    result: `${front.zooMs.toFixed(1)} ms`,
    goal: '< 25 ms',
    met: front.zooMs < 25,
    ...(fresh ? {} : { note: 'dist/ was stale: measured through tsx, which is slower' }),
  });
  report.target({
    measure: `a generated ${front.long.lines.toLocaleString('en')}-line spec (${front.long.layers.toLocaleString('en')} layers) compiled`,
    result: `${front.long.compileMs.toFixed(0)} ms`,
    goal: '< 500 ms',
    met: front.long.compileMs < 500,
  });
  const v4Expanded = await benchDiagrams(report);
  report.target({
    measure: '`incep graph specs/inception_v4.incep --expand`, laid out and drawn as SVG',
    result: `${v4Expanded.toFixed(0)} ms`,
    goal: '< 2000 ms',
    met: v4Expanded < 2000,
  });
  const start = await benchCliStart(report);
  const check = start['incep check v3']!;
  report.target({
    measure: '`incep check specs/inception_v3.incep`, whole process',
    result: `${check.toFixed(0)} ms (${(check / start["node -e ''"]!).toFixed(1)}x node -e '')`,
    goal: '< 500 ms',
    met: check < 500,
  });

  const requested = (process.env['INCEP_BENCH_BACKEND'] ?? 'auto') as BackendChoice;
  const selected = await selectBackend(requested);
  if (!selected.ok) throw new Error(selected.message);
  await builders(report, selected.backend);
  await backends(report, requested);

  for (const r of await benchReference(report, 5)) {
    report.target({
      measure: `compiled vs hand-written Keras-style InceptionV3, batch ${r.batch}, ${selected.backend}`,
      result: `${(r.compiled / r.reference).toFixed(2)}x its time`,
      goal: '≤ 1.02x',
      met: r.compiled / r.reference <= 1.02,
    });
    report.target({
      measure: `optimized vs hand-written Keras-style InceptionV3, batch ${r.batch}, ${selected.backend}`,
      result: `${(r.reference / r.optimized).toFixed(2)}x faster`,
      goal: '≥ 1.15x',
      met: r.reference / r.optimized >= 1.15,
      note:
        `convolutions are ${(100 * r.convs.share).toFixed(0)}% of the optimized graph's kernel time here, each at ` +
        `${r.convs.gmacPerSecond.min.toFixed(0)}–${r.convs.gmacPerSecond.max.toFixed(0)} GMAC/s ` +
        `(median ${r.convs.gmacPerSecond.median.toFixed(0)}): folding removes the batch-norm and activation ` +
        'passes, not conv work, so with these convs no rewrite of the graph can pass ' +
        `${(r.reference / (r.optimized * r.convs.share)).toFixed(2)}x (the reference's time over the optimized ` +
        "graph's conv time); the one exact rewrite left, sibling 1x1 convs fused into one conv and split by " +
        `channels, ran at ${(r.siblings.separate / r.siblings.fused).toFixed(2)}x the speed of separate convs, so ` +
        'the optimizer does not do it',
    });
  }

  for (const r of await benchOnnx(report)) {
    if (r.batch !== 1) continue;
    report.target({
      measure: `onnxruntime (all cores) vs tfjs ${selected.backend}, optimized InceptionV3, batch 1`,
      result: `${(r.tfjs / r.onnxAll).toFixed(1)}x faster`,
      goal: '≥ 4x',
      met: r.tfjs / r.onnxAll >= 4,
    });
  }

  // Several batches per worker a round: the steady stream `predict --workers` sees, with few
  // of the end-of-round waits where one worker idles until the other finishes.
  await benchWorkers(report, { rounds: 6, runs: 4 });
  await selectBackend(requested);

  await benchTraining(selected.backend as BackendChoice, report);

  const header = [
    '<!-- Generated by `npm run bench` (bench/index.ts); do not edit. Re-run it to refresh. -->',
    '# Benchmark results',
    '',
    'Ratios against a baseline measured in the same process; absolute times are for this machine only.',
    '',
    ...machineInfo(),
    '',
  ];
  // Written whole and renamed, so an interrupted run never leaves half a file.
  writeFileSync('bench/RESULTS.md.tmp', report.toMarkdown(header));
  renameSync('bench/RESULTS.md.tmp', 'bench/RESULTS.md');
  console.log('\nwrote bench/RESULTS.md');
}

await main();
