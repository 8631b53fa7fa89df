/**
 * `npm run bench`, diagrams: `incep graph` of each zoo spec, collapsed and expanded — the DOT text
 * from the IR, then Graphviz (wasm) laying it out — against compiling the same spec, in this
 * process, warm. The goal: InceptionV4 expanded drawn in under 2 s.
 */
import { performance } from 'node:perf_hooks';
import { compileFile } from '../src/compile.js';
import { graphModel } from '../src/graph/graphModel.js';
import { renderSvg } from '../src/graph/renderSvg.js';
import type { BenchReport } from './BenchReport.js';
import { SPECS } from './frontEnd.js';
import { quantile } from './forwardTimes.js';

async function medianMs(runs: number, f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await f();
    times.push(performance.now() - t0);
  }
  return quantile(times, 0.5);
}

/** Prints the diagram table; returns InceptionV4's expanded drawing time in ms. */
export async function benchDiagrams(report: BenchReport): Promise<number> {
  report.section(
    'Diagrams',
    '`incep graph` (DOT from the IR, then Graphviz in wasm) vs compiling the spec; median of 3, warm',
  );
  await renderSvg('digraph { a -> b }');
  const rows: string[][] = [];
  let v4 = Number.NaN;
  for (const spec of SPECS) {
    const path = `specs/${spec}.incep`;
    const ir = compileFile(path).ir!;
    const compileMs = await medianMs(3, () => Promise.resolve(compileFile(path)));
    const collapsed = await medianMs(3, () => renderSvg(graphModel(ir)));
    const expanded = await medianMs(3, () => renderSvg(graphModel(ir, { expand: true })));
    if (spec === 'inception_v4') v4 = expanded;
    rows.push([
      spec,
      compileMs.toFixed(1),
      collapsed.toFixed(0),
      expanded.toFixed(0),
      `${(expanded / compileMs).toFixed(0)}x`,
    ]);
  }
  report.table(['spec', 'compile ms', 'graph ms', '--expand ms', 'expand vs compile'], rows);
  return v4;
}
