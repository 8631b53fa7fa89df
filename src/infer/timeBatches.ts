import { performance } from 'node:perf_hooks';
import type { BatchRunner, BatchShape } from './BatchRunner.js';

/**
 * Runs `count` batches of `x`, keeping as many in flight as the runner takes at once, and times
 * each from submission to result; `wallMs` spans them all, which is what throughput is measured
 * over (latencies overlap when batches run in parallel). Stops early, with what it timed so far,
 * when `stopped()` turns true; the first failed batch stops it with its message.
 */
export async function timeBatches(
  runner: BatchRunner,
  x: Float32Array,
  shape: BatchShape,
  count: number,
  stopped: () => boolean = () => false,
): Promise<{ ok: true; latencies: number[]; wallMs: number } | { ok: false; message: string; hint?: string }> {
  const latencies: number[] = [];
  let started = 0;
  let failure: { ok: false; message: string; hint?: string } | undefined;
  const lane = async () => {
    while (started < count && !failure && !stopped()) {
      started++;
      const t0 = performance.now();
      const result = await runner.run(x, shape);
      if (!result.ok) failure ??= result;
      else latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: runner.parallelism }, lane));
  const wallMs = performance.now() - t0;
  return failure ?? { ok: true, latencies, wallMs };
}
