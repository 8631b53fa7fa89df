/**
 * `npm run bench`: speed and memory of incep, each reported as a ratio against a baseline
 * measured in the same process (absolute times vary by machine; ratios travel). Not a test:
 * nothing here asserts a time.
 *
 *   front end   compile (parse, check, lower) vs lexing the same text
 *   builders    the emitted TypeScript module vs buildModel(ir), same model; tensor bytes vs 4 × params
 *   inference   the selected backend vs the pure-JS cpu backend, InceptionV3 at 299x299
 *   optimize    optimizeForInference's folded InceptionV3 vs buildModel's, same weights (bench/optimize.ts)
 *   training    a training step on the selected backend vs cpu, and vs inference (bench/training.ts)
 *   data memory streaming a 2,000-image JPEG folder vs a 200-image one: peak RSS growth (bench/dataMemory.ts)
 */
import { benchDataMemory } from './dataMemory.js';
import { benchOptimize } from './optimize.js';
import { benchTraining } from './training.js';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { incepLexer } from '../grammar/tokens.js';
import { buildModel } from '../src/backends/tfjs/buildModel.js';
import { compileFile } from '../src/compile.js';
import { selectBackend } from '../src/runtime/selectBackend.js';
import { tf, type LayersModel, type Tensor } from '../src/runtime/tf.js';

const SPECS = [
  'inception_v1',
  'inception_v2',
  'inception_v3',
  'inception_v4',
  'inception_resnet_v1',
  'inception_resnet_v2',
];

function median(runs: number, f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function row(cells: Array<string | number>): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(22) : String(c).padStart(14))).join('');
}

async function main(): Promise<void> {
  console.log('front end: compile vs lex (median of 20)');
  console.log(row(['spec', 'lex ms', 'compile ms', 'ratio']));
  for (const spec of SPECS) {
    const text = readFileSync(`specs/${spec}.incep`, 'utf8');
    const lex = median(20, () => incepLexer.tokenize(text));
    const full = median(20, () => compileFile(`specs/${spec}.incep`));
    console.log(row([spec, lex.toFixed(2), full.toFixed(2), `${(full / lex).toFixed(1)}x`]));
  }

  const requested = (process.env['INCEP_BENCH_BACKEND'] ?? 'auto') as 'auto' | 'wasm' | 'cpu' | 'tensorflow';
  const selected = await selectBackend(requested);
  if (!selected.ok) throw new Error(selected.message);
  console.log(`\nbuilders: emitted module vs buildModel(ir), backend ${selected.backend} (median of 3)`);
  console.log(row(['spec', 'build ms', 'module ms', 'ratio', 'tensor MB', 'vs params']));
  for (const spec of SPECS) {
    const ir = compileFile(`specs/${spec}.incep`).ir!;
    const mod = (await import(`../compiled/${spec}.js`)) as Record<string, (o?: object) => LayersModel>;
    const create = Object.entries(mod).find(([k]) => k.startsWith('create'))![1];
    // Memory: the bytes of tensors a built model holds, against 4 bytes per counted parameter
    // (1.00x means no hidden copies of any weight).
    const bytes0 = tf.memory().numBytes;
    let bytes = 0;
    const built = median(3, () => {
      const m = buildModel(ir);
      bytes = Math.max(bytes, tf.memory().numBytes - bytes0);
      m.dispose();
    });
    const emitted = median(3, () => create().dispose());
    const params = ir.totals.inference.params.total;
    console.log(
      row([
        spec,
        built.toFixed(0),
        emitted.toFixed(0),
        `${(emitted / built).toFixed(2)}x`,
        (bytes / 2 ** 20).toFixed(1),
        `${(bytes / (4 * params)).toFixed(2)}x`,
      ]),
    );
  }

  console.log('\ninference: InceptionV3, one 299x299 image (median of 3 after a warm-up)');
  const ir = compileFile('specs/inception_v3.incep').ir!;
  const time = async (backend: 'cpu' | typeof requested): Promise<number> => {
    const s = await selectBackend(backend);
    if (!s.ok) throw new Error(s.message);
    const model = buildModel(ir);
    const x = tf.randomNormal([1, 299, 299, 3]);
    const once = async () => {
      const t0 = performance.now();
      const y = model.predict(x) as Tensor;
      await y.data();
      y.dispose();
      return performance.now() - t0;
    };
    await once();
    const times = [await once(), await once(), await once()].sort((a, b) => a - b);
    x.dispose();
    model.dispose();
    return times[1]!;
  };
  const fast = await time(requested);
  const baseline = await time('cpu');
  console.log(row(['backend', 'ms / image', 'speed-up']));
  console.log(row(['cpu (baseline)', baseline.toFixed(0), '1.0x']));
  console.log(row([selected.backend, fast.toFixed(0), `${(baseline / fast).toFixed(1)}x`]));

  await benchOptimize(row);
  await benchTraining(selected.backend as typeof requested, row);
  await benchDataMemory();
}

await main();
